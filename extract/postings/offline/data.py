"""Deterministic, varied data-engineering postings generated from a seed.

The same seed always gives the same postings; ``epoch`` (0, 1, 2, ...) ages the board
the way a real one changes between crawls: some postings close, some change their pay
or title, new ones appear.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

# The board's "today": fixed, so pages and relative dates are reproducible.
BOARD_TODAY = date(2024, 6, 3)

COMPANIES = (
    "Northwind Analytics",
    "Cascade Payments",
    "Brightpath Education",
    "Copperline Telecom",
    "Harborview Health",
    "Evergreen Utilities",
    "Meridian Travel",
    "Foxglove Biotech",
    "Lakeshore Credit Union",
    "Summit Outdoor Co.",
    "Bluebird Logistics",
    "Ironwood Insurance",
    "Redwood Retail Group",
    "Silverline Media",
    "Orchard Foods",
    "Pinecrest Software",
    "Tidewater Shipping",
    "Quarry Labs",
    "Granite Capital",
    "Lumen Mobility",
    "Prairie Wind Energy",
    "Beacon Hospital Network",
    "Nimbus Cloud Services",
    "Atlas Freight",
    "Kestrel Security",
    "Juniper Gaming",
    "Mosaic Marketplace",
    "Sable Financial",
    "Driftwood Hospitality",
    "Vantage Sports Data",
    "Cobalt Robotics",
    "Willow Pharmacy",
    "Starling Bank US",
    "Halcyon Insurance",
    "Crescent City Transit",
    "Maple & Main Realty",
    "Aurora Genomics",
    "Keystone Manufacturing",
    "Solstice Streaming",
    "Trailhead Outfitters",
)

CITIES = (
    ("New York", "NY", "10001"),
    ("San Francisco", "CA", "94105"),
    ("Seattle", "WA", "98101"),
    ("Austin", "TX", "78701"),
    ("Chicago", "IL", "60601"),
    ("Boston", "MA", "02110"),
    ("Denver", "CO", "80202"),
    ("Atlanta", "GA", "30303"),
    ("Raleigh", "NC", "27601"),
    ("Dallas", "TX", "75201"),
    ("Los Angeles", "CA", "90012"),
    ("Portland", "OR", "97204"),
    ("Minneapolis", "MN", "55401"),
    ("Pittsburgh", "PA", "15222"),
    ("Phoenix", "AZ", "85004"),
    ("Salt Lake City", "UT", "84101"),
    ("Columbus", "OH", "43215"),
    ("Nashville", "TN", "37203"),
    ("Charlotte", "NC", "28202"),
    ("Philadelphia", "PA", "19103"),
    ("San Diego", "CA", "92101"),
    ("Washington", "DC", "20001"),
    ("Miami", "FL", "33131"),
    ("Detroit", "MI", "48226"),
    ("Kansas City", "MO", "64105"),
)
HIGH_COST = {"New York", "San Francisco", "Seattle", "Boston", "Los Angeles", "Washington"}

ROLES = (
    "Data Engineer",
    "Data Engineer",
    "Data Engineer",
    "Analytics Engineer",
    "Data Platform Engineer",
    "Big Data Engineer",
    "ETL Developer",
    "Data Warehouse Engineer",
    "Cloud Data Engineer",
    "Machine Learning Engineer",
    "Data Integration Engineer",
    "Streaming Data Engineer",
    "BI Engineer",
    "Data Architect",
    "DataOps Engineer",
)

# (seniority, title pattern, salary multiplier); {role} is the base role.
SENIORITY = (
    ("intern", "{role} Intern", 0.45),
    ("intern", "Summer Internship - {role}", 0.45),
    ("junior", "Junior {role}", 0.7),
    ("junior", "Jr. {role}", 0.7),
    ("junior", "Entry Level {role}", 0.68),
    ("junior", "{role} I", 0.72),
    ("mid", "{role}", 1.0),
    ("mid", "{role}", 1.0),
    ("mid", "{role} II", 1.0),
    ("senior", "Senior {role}", 1.3),
    ("senior", "Sr. {role}", 1.3),
    ("senior", "{role} III", 1.28),
    ("staff", "Staff {role}", 1.55),
    ("staff", "Principal {role}", 1.7),
    ("lead", "Lead {role}", 1.45),
    ("manager", "Manager, Data Engineering", 1.6),
    ("manager", "Director of Data Engineering", 1.9),
)

# Tools with the different ways postings name them; the skills seed must match them all.
TOOLS: dict[str, tuple[str, ...]] = {
    "python": ("Python", "Python 3", "python"),
    "sql": ("SQL", "advanced SQL", "T-SQL", "ANSI SQL"),
    "spark": ("Apache Spark", "Spark", "PySpark", "Spark SQL", "Spark Structured Streaming"),
    "dbt": ("dbt", "dbt Core", "dbt Cloud", "data build tool (dbt)"),
    "airflow": ("Airflow", "Apache Airflow", "Airflow DAGs", "Cloud Composer (Airflow)"),
    "kafka": ("Kafka", "Apache Kafka", "Kafka Connect", "Confluent Kafka"),
    "aws": ("AWS", "Amazon Web Services", "AWS (S3, Glue, Lambda)"),
    "gcp": ("GCP", "Google Cloud Platform", "Google Cloud"),
    "azure": ("Azure", "Microsoft Azure", "Azure Data Factory"),
    "snowflake": ("Snowflake", "Snowflake Data Cloud"),
    "bigquery": ("BigQuery", "Google BigQuery"),
    "redshift": ("Redshift", "Amazon Redshift"),
    "databricks": ("Databricks", "Databricks Lakehouse"),
    "terraform": ("Terraform", "Terraform (IaC)"),
    "docker": ("Docker", "Docker containers"),
    "kubernetes": ("Kubernetes", "k8s", "Kubernetes (EKS)"),
    "go": ("Go", "Golang"),
    "scala": ("Scala",),
    "java": ("Java", "Java 17"),
    "r": ("R",),
    "cpp": ("C++",),
    "csharp": ("C#",),
    "dotnet": (".NET", "ASP.NET"),
    "tableau": ("Tableau",),
    "power_bi": ("Power BI", "PowerBI"),
    "looker": ("Looker", "LookML"),
    "postgres": ("PostgreSQL", "Postgres"),
    "mysql": ("MySQL",),
    "mongodb": ("MongoDB", "Mongo"),
    "flink": ("Flink", "Apache Flink"),
    "hadoop": ("Hadoop", "HDFS"),
    "hive": ("Hive", "Apache Hive"),
    "trino": ("Trino", "Presto", "Trino/Presto"),
    "iceberg": ("Apache Iceberg", "Iceberg tables"),
    "delta_lake": ("Delta Lake",),
    "fivetran": ("Fivetran",),
    "airbyte": ("Airbyte",),
    "dagster": ("Dagster",),
    "prefect": ("Prefect",),
    "pandas": ("pandas", "Pandas"),
    "git": ("Git", "GitHub", "GitLab"),
    "ci_cd": ("CI/CD", "CI/CD pipelines"),
    "linux": ("Linux",),
    "bash": ("Bash", "shell scripting"),
    "kinesis": ("Kinesis", "Amazon Kinesis"),
    "glue": ("AWS Glue",),
    "emr": ("EMR", "Amazon EMR"),
    "athena": ("Athena",),
    "s3": ("S3", "Amazon S3"),
    "lambda": ("AWS Lambda",),
    "pubsub": ("Pub/Sub",),
    "dataflow": ("Dataflow",),
    "synapse": ("Azure Synapse",),
    "oracle": ("Oracle",),
    "sql_server": ("SQL Server", "MS SQL Server"),
    "teradata": ("Teradata",),
    "informatica": ("Informatica",),
    "ssis": ("SSIS",),
    "talend": ("Talend",),
    "elasticsearch": ("Elasticsearch",),
    "redis": ("Redis",),
    "cassandra": ("Cassandra",),
    "mlflow": ("MLflow",),
    "pytorch": ("PyTorch",),
    "tensorflow": ("TensorFlow",),
    "scikit_learn": ("scikit-learn", "sklearn"),
    "jupyter": ("Jupyter", "Jupyter notebooks"),
    "excel": ("Excel", "Microsoft Excel"),
    "great_expectations": ("Great Expectations",),
    "data_modeling": ("data modeling", "dimensional modeling", "Kimball"),
    "data_vault": ("Data Vault",),
    "rest_api": ("REST APIs", "RESTful APIs"),
    "graphql": ("GraphQL",),
    "jira": ("Jira",),
    "agile": ("Agile", "Scrum"),
    "nifi": ("NiFi", "Apache NiFi"),
    "beam": ("Apache Beam",),
    "duckdb": ("DuckDB",),
    "dlt": ("dlt (data load tool)",),
    "kotlin": ("Kotlin",),
    "rust": ("Rust",),
    "typescript": ("TypeScript",),
}

# Tool families per role, so descriptions read like real stacks.
STACKS = (
    ("aws", "s3", "redshift", "glue", "emr", "athena", "lambda", "kinesis"),
    ("gcp", "bigquery", "dataflow", "pubsub", "airflow"),
    ("azure", "synapse", "databricks", "sql_server", "power_bi"),
    ("snowflake", "dbt", "fivetran", "looker", "airflow"),
    ("spark", "databricks", "delta_lake", "scala", "python"),
    ("kafka", "flink", "java", "kubernetes", "cassandra"),
    ("postgres", "python", "dagster", "dbt", "duckdb", "dlt"),
    ("oracle", "informatica", "ssis", "teradata", "sql_server"),
    ("hadoop", "hive", "spark", "scala", "trino"),
    ("python", "pandas", "scikit_learn", "mlflow", "pytorch", "jupyter"),
)
COMMON = ("sql", "python", "git", "ci_cd", "docker", "terraform", "agile", "data_modeling")
RARE = (
    "go",
    "r",
    "cpp",
    "csharp",
    "dotnet",
    "rust",
    "kotlin",
    "typescript",
    "graphql",
    "redis",
    "elasticsearch",
    "mongodb",
    "mysql",
    "tableau",
    "excel",
    "jira",
    "nifi",
    "beam",
    "iceberg",
    "great_expectations",
    "data_vault",
    "airbyte",
    "prefect",
    "bash",
    "linux",
    "rest_api",
    "tensorflow",
    "hive",
    "kubernetes",
)

KINDS: dict[str, tuple[str, ...]] = {
    "language": (
        "python",
        "sql",
        "scala",
        "java",
        "go",
        "r",
        "cpp",
        "csharp",
        "kotlin",
        "rust",
        "typescript",
        "bash",
    ),
    "processing": (
        "spark",
        "flink",
        "beam",
        "hadoop",
        "hive",
        "trino",
        "dataflow",
        "emr",
        "glue",
        "kinesis",
        "kafka",
        "pubsub",
        "nifi",
        "pandas",
        "databricks",
        "duckdb",
    ),
    "warehouse": (
        "snowflake",
        "bigquery",
        "redshift",
        "postgres",
        "mysql",
        "mongodb",
        "cassandra",
        "oracle",
        "sql_server",
        "teradata",
        "synapse",
        "s3",
        "delta_lake",
        "iceberg",
        "elasticsearch",
        "redis",
        "athena",
    ),
    "orchestration": (
        "airflow",
        "dagster",
        "prefect",
        "dbt",
        "fivetran",
        "airbyte",
        "informatica",
        "ssis",
        "talend",
        "dlt",
        "great_expectations",
    ),
    "cloud": ("aws", "gcp", "azure", "lambda"),
    "infra": ("docker", "kubernetes", "terraform", "git", "ci_cd", "linux"),
    "bi": ("tableau", "power_bi", "looker", "excel"),
    "ml": ("mlflow", "pytorch", "tensorflow", "scikit_learn", "jupyter"),
    "practice": ("agile", "jira", "data_modeling", "data_vault", "rest_api", "graphql", "dotnet"),
}
KIND_OF = {tool: kind for kind, tools in KINDS.items() for tool in tools}

RESPONSIBILITIES = (
    "Design, build and maintain batch and streaming pipelines with {processing} and {language}.",
    "Own our ingestion layer: land data from SaaS tools and internal services with "
    "{orchestration}.",
    "Model the warehouse in {warehouse}, with tests and documentation our analysts can trust.",
    "Orchestrate and monitor workflows in {orchestration}; keep SLAs green and on-call calm.",
    "Migrate legacy jobs from {warehouse} to a modern stack built on {processing}.",
    "Tune {processing} jobs that process billions of events a day.",
    "Publish trusted datasets to {bi} dashboards used across the business.",
    "Automate our {cloud} infrastructure with {infra}.",
    "Build reliable CDC feeds from {warehouse} into {warehouse}.",
    "Ship ML features to production with data scientists using {ml}.",
)
REQUIREMENTS = (
    "{n}+ years of experience with {language}.",
    "Strong {language} skills and hands-on experience with {processing}.",
    "Production experience with {warehouse} or {warehouse}.",
    "Experience running data workloads on {cloud}.",
    "Working knowledge of {infra}; {infra} is a plus.",
    "A solid grasp of {practice}.",
)
NICE_TO_HAVE = (
    "Exposure to {any}.",
    "You have contributed to open-source projects around {any}.",
    "Familiarity with {any} and {any}.",
)
# Sentences that mention false friends of skill names; skill matching must ignore them.
FALSE_FRIENDS = (
    "We are going through an exciting period of growth.",
    "You will partner with our R&D group on new products.",
    "Our office has sparkling water, good coffee and a dog-friendly patio.",
    "We care about the little things that add a spark to your day.",
    "Ready to go? Apply today.",
    "Our benefits include a 401(k) match and an R&R week every summer.",
    "Experience in a fast-paced environment where priorities change.",
)
BENEFITS = (
    "Medical, dental and vision insurance",
    "401(k) with company match",
    "Flexible paid time off",
    "Parental leave",
    "Home-office stipend",
    "Learning budget for conferences and courses",
    "Commuter benefits",
    "Equity in a growing company",
    "Wellness stipend",
)

JOB_TYPES = (
    ("Full-time",),
    ("Full-time",),
    ("Full-time",),
    ("Full-time",),
    ("Full-time",),
    ("Contract",),
    ("Full-time", "Contract"),
    ("Part-time",),
    ("Temporary", "Contract"),
)


@dataclass(frozen=True)
class SalaryOffer:
    text: str  # as printed on the card, e.g. "$120,000 - $150,000 a year"
    minimum: float | None
    maximum: float | None
    period: str  # hour, day, week, month or year
    is_estimated: bool


@dataclass(frozen=True)
class Posting:
    job_key: str
    title: str
    seniority: str
    role: str
    company: str
    city: str
    region: str
    postcode: str
    work_mode: str  # onsite, hybrid, remote
    job_types: tuple[str, ...]
    salary: SalaryOffer | None
    tools: tuple[str, ...]  # skill ids of TOOLS
    description_html: str
    snippet_bullets: tuple[str, ...]
    posted_days_ago: int
    is_sponsored: bool
    has_json_ld: bool
    location_testid: str  # which detail-page header variant the page uses

    @property
    def location(self) -> str:
        place = f"{self.city}, {self.region}"
        if self.work_mode == "remote":
            return "Remote" if self.postcode.endswith(("0", "5")) else f"Remote in {place}"
        if self.work_mode == "hybrid":
            return f"Hybrid work in {place} {self.postcode}"
        return place

    @property
    def posted_at(self) -> datetime:
        day = BOARD_TODAY - timedelta(days=self.posted_days_ago)
        return datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)

    @property
    def relative_time(self) -> str:
        if self.posted_days_ago == 0:
            return "Just posted"
        if self.posted_days_ago >= 30:
            return "30+ days ago"
        return f"{self.posted_days_ago} days ago"


def _job_key(seed: int, index: int) -> str:
    return hashlib.sha256(f"posting:{seed}:{index}".encode()).hexdigest()[:16]


def _money(value: float) -> str:
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def _thousands(value: float) -> str:
    return f"${value / 1000:.1f}K".replace(".0K", "K")


def _salary(rng: random.Random, multiplier: float, city: str, job_types: tuple[str, ...]):
    base = 118_000 * multiplier * (1.18 if city in HIGH_COST else 1.0) * rng.uniform(0.85, 1.15)
    low = round(base * rng.uniform(0.82, 0.92), -3)
    high = round(base * rng.uniform(1.05, 1.2), -3)
    roll = rng.random()
    if roll < 0.3:
        return None
    if "Contract" in job_types or "Part-time" in job_types or multiplier < 0.5:
        hourly_low = round(low / 2080, 2)
        hourly_high = round(high / 2080, 2)
        if roll < 0.45:
            return SalaryOffer(
                f"From {_money(round(hourly_low))} an hour", round(hourly_low), None, "hour", False
            )
        if roll < 0.55:
            return SalaryOffer(
                f"{_money(round(low / 260, -1))} - {_money(round(high / 260, -1))} a day",
                round(low / 260, -1),
                round(high / 260, -1),
                "day",
                False,
            )
        if roll < 0.6:
            return SalaryOffer(
                f"{_money(round(low / 52, -1))} a week",
                round(low / 52, -1),
                round(low / 52, -1),
                "week",
                False,
            )
        return SalaryOffer(
            f"{_money(hourly_low)} - {_money(hourly_high)} an hour",
            hourly_low,
            hourly_high,
            "hour",
            False,
        )
    if roll < 0.42:
        return SalaryOffer(
            f"Estimated {_thousands(low)} - {_thousands(high)} a year",
            round(low, -2),
            round(high, -2),
            "year",
            True,
        )
    if roll < 0.5:
        return SalaryOffer(
            f"{_thousands(low)} - {_thousands(high)} a year",
            round(low, -2),
            round(high, -2),
            "year",
            False,
        )
    if roll < 0.56:
        return SalaryOffer(f"Up to {_money(high)} a year", None, high, "year", False)
    if roll < 0.62:
        return SalaryOffer(f"{_money(low)} a year", low, low, "year", False)
    if roll < 0.68:
        return SalaryOffer(
            f"{_money(round(low / 12, -2))} - {_money(round(high / 12, -2))} a month",
            round(low / 12, -2),
            round(high / 12, -2),
            "month",
            False,
        )
    if roll < 0.72:
        return SalaryOffer(f"From {_money(low)} a year", low, None, "year", False)
    return SalaryOffer(f"{_money(low)} - {_money(high)} a year", low, high, "year", False)


def _pick_tools(rng: random.Random) -> tuple[str, ...]:
    stack = list(rng.choice(STACKS))
    tools = rng.sample(stack, k=min(len(stack), rng.randint(3, 5)))
    tools += rng.sample(COMMON, k=rng.randint(2, 4))
    tools += rng.sample(RARE, k=rng.randint(0, 3))
    unique: list[str] = []
    for tool in tools:
        if tool not in unique:
            unique.append(tool)
    return tuple(unique)


def _name(rng: random.Random, tool: str) -> str:
    return rng.choice(TOOLS[tool])


def _description(
    rng: random.Random,
    company: str,
    title: str,
    tools: tuple[str, ...],
    work_mode: str,
    city: str,
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """HTML description, the card's snippet bullets and the skills the text names."""
    remaining = list(tools)
    rng.shuffle(remaining)
    mentioned: list[str] = []

    def take(kind: str, used: set[str]) -> str:
        def fits(tool: str) -> bool:
            return (kind == "any" or KIND_OF[tool] == kind) and tool not in used

        pool = [tool for tool in remaining if fits(tool)]
        if pool:
            tool = pool[0]
            remaining.remove(tool)
        else:
            own = [tool for tool in tools if fits(tool)]
            every = [tool for tool in (KINDS[kind] if kind != "any" else tools) if fits(tool)]
            tool = rng.choice(own or every)
        used.add(tool)
        if tool not in mentioned:
            mentioned.append(tool)
        return rng.choice(TOOLS[tool])

    def fill(template: str) -> str:
        out = template.replace("{n}", str(rng.randint(2, 8)))
        used: set[str] = set()
        while "{" in out:
            start = out.index("{")
            end = out.index("}", start)
            out = out[:start] + take(out[start + 1 : end], used) + out[end + 1 :]
        return out

    where = {
        "remote": "fully remote",
        "hybrid": f"hybrid ({city}, 2-3 days a week)",
        "onsite": f"based in our {city} office",
    }[work_mode]
    intro = (
        f"<p><b>{company}</b> is hiring a <b>{title}</b> to join the data team. "
        f"This role is {where}. {rng.choice(FALSE_FRIENDS) if rng.random() < 0.5 else ''}</p>"
    )
    responsibilities = [fill(t) for t in rng.sample(RESPONSIBILITIES, k=rng.randint(3, 5))]
    requirements = [fill(t) for t in rng.sample(REQUIREMENTS, k=rng.randint(3, 5))]
    if remaining:
        used: set[str] = set()
        names = [take("any", used) for _ in list(remaining)]
        listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        requirements.append(f"Our stack also includes {listed}.")
    if rng.random() < 0.5:
        requirements.append(fill(rng.choice(NICE_TO_HAVE)))
    benefits = rng.sample(BENEFITS, k=rng.randint(3, 5))
    extra = f"<p>{rng.choice(FALSE_FRIENDS)}</p>" if rng.random() < 0.3 else ""

    def bullets(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    html = (
        f"{intro}<p><b>What you'll do</b></p>{bullets(responsibilities)}"
        f"<p><b>What you'll bring</b></p>{bullets(requirements)}"
        f"<p><b>Benefits</b></p>{bullets(benefits)}{extra}"
        f"<p>{company} is an equal opportunity employer.</p>"
    )
    return html, tuple(responsibilities[:2]), tuple(mentioned)


def generate_postings(
    seed: int = 42, count: int = 150, *, offset: int = 0, company: str | None = None
) -> list[Posting]:
    """``count`` postings; ``offset`` continues the same sequence (new postings later on).

    ``company`` pins every posting to one employer (a Greenhouse board is one company).
    """
    postings = []
    for index in range(offset, offset + count):
        rng = random.Random(f"{seed}:{index}")
        role = rng.choice(ROLES)
        seniority, pattern, multiplier = rng.choice(SENIORITY)
        title = pattern.format(role=role)
        work_mode = rng.choices(("onsite", "hybrid", "remote"), weights=(4, 3, 3))[0]
        if rng.random() < 0.1:
            title += {"remote": " (Remote)", "hybrid": " - Hybrid", "onsite": " - Python/Spark"}[
                work_mode
            ]
        company_name = rng.choice(COMPANIES)
        if company is not None:
            company_name = company
        city, region, postcode = rng.choice(CITIES)
        job_types = rng.choice(JOB_TYPES)
        if seniority == "intern":
            job_types = ("Internship",)
        tools = _pick_tools(rng)
        description, bullets, tools = _description(rng, company_name, title, tools, work_mode, city)
        postings.append(
            Posting(
                job_key=_job_key(seed, index),
                title=title,
                seniority=seniority,
                role=role,
                company=company_name,
                city=city,
                region=region,
                postcode=postcode,
                work_mode=work_mode,
                job_types=job_types,
                salary=_salary(rng, multiplier, city, job_types),
                tools=tools,
                description_html=description,
                snippet_bullets=bullets,
                posted_days_ago=rng.choice((0, 1, 2, 3, 5, 7, 9, 12, 14, 18, 21, 25, 28, 33, 45)),
                is_sponsored=rng.random() < 0.1,
                has_json_ld=rng.random() < 0.8,
                location_testid=rng.choice(("inlineHeader-companyLocation", "job-location")),
            )
        )
    return postings


def board_postings(
    seed: int = 42, count: int = 150, epoch: int = 0, company: str | None = None
) -> list[Posting]:
    """The board at ``epoch``: closed postings gone, changed ones changed, new ones added."""
    postings = generate_postings(seed, count, company=company)
    if epoch == 0:
        return postings
    aged = []
    for posting in postings:
        rng = random.Random(f"{seed}:{posting.job_key}:{epoch}")
        roll = rng.random()
        if roll < 0.08:
            continue  # closed
        if roll < 0.18 and posting.salary is not None:
            bump = 1.05 + 0.05 * epoch
            salary = posting.salary
            posting = replace(
                posting,
                salary=SalaryOffer(
                    text=f"{_money(round((salary.minimum or salary.maximum or 0) * bump))}"
                    f" - {_money(round((salary.maximum or salary.minimum or 0) * bump * 1.1))}"
                    f" {'an' if salary.period == 'hour' else 'a'} {salary.period}",
                    minimum=round((salary.minimum or salary.maximum or 0) * bump),
                    maximum=round((salary.maximum or salary.minimum or 0) * bump * 1.1),
                    period=salary.period,
                    is_estimated=False,
                ),
            )
        aged.append(posting)
    new = generate_postings(seed, 5 * epoch, offset=count, company=company)
    return [*new, *aged]
