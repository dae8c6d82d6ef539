"""Brazilian geography for the generator: states, cities, zip-code prefixes, distances.

Shares follow the real Olist files (customers: SP 42 %, RJ 13 %, MG 12 % ...; sellers:
SP 60 %). Zip prefixes are the first five CEP digits and stay inside each state's real
CEP range; each city owns a block of its state's range (capitals own the lowest
block, as in the real CEP plan). Coordinates are rough city centres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class State:
    code: str
    customers: float  # customers in the real file, per 10,000
    sellers: float  # sellers in the real file (of 3,095)
    capital_share: float  # capital's share of the state's customers
    transit_factor: float  # how much slower than the distance alone predicts


@dataclass(frozen=True)
class City:
    state: str
    name: str  # as the customers/sellers files spell it: lowercase, no accents
    accented: str  # the proper spelling, the geolocation file's usual variant
    lat: float
    lng: float
    zip_low: int
    zip_high: int
    weight: float  # relative size among the state's non-capital cities; 0 = capital


STATES: tuple[State, ...] = (
    State("SP", 4198, 1849, 0.37, 1.00),
    State("RJ", 1292, 171, 0.53, 1.55),
    State("MG", 1170, 244, 0.24, 1.00),
    State("RS", 550, 129, 0.25, 1.05),
    State("PR", 507, 349, 0.30, 1.10),
    State("SC", 366, 190, 0.16, 1.10),
    State("BA", 340, 19, 0.37, 1.10),
    State("DF", 215, 30, 0.90, 1.05),
    State("ES", 204, 23, 0.18, 1.30),
    State("GO", 203, 40, 0.34, 1.05),
    State("PE", 166, 9, 0.37, 1.00),
    State("CE", 134, 13, 0.50, 0.95),
    State("PA", 98, 1, 0.45, 1.15),
    State("MT", 91, 4, 0.30, 1.05),
    State("MA", 75, 1, 0.50, 1.15),
    State("MS", 72, 5, 0.55, 1.05),
    State("PB", 54, 6, 0.52, 1.05),
    State("PI", 50, 1, 0.65, 1.05),
    State("RN", 49, 5, 0.58, 1.00),
    State("AL", 42, 0, 0.60, 1.35),
    State("SE", 35, 2, 0.62, 1.30),
    State("TO", 28, 0, 0.40, 1.05),
    State("RO", 25, 2, 0.45, 1.00),
    State("AM", 15, 1, 0.85, 1.00),
    State("AC", 8, 1, 0.70, 0.95),
    State("AP", 7, 0, 0.80, 1.05),
    State("RR", 5, 0, 0.95, 1.05),
)

STATE_CODES: tuple[str, ...] = tuple(state.code for state in STATES)

# Each state's CEP ranges (first five digits), from the Correios plan.
CEP_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "SP": ((1000, 19999),), "RJ": ((20000, 28999),), "ES": ((29000, 29999),),
    "MG": ((30000, 39999),), "BA": ((40000, 48999),), "SE": ((49000, 49999),),
    "PE": ((50000, 56999),), "AL": ((57000, 57999),), "PB": ((58000, 58999),),
    "RN": ((59000, 59999),), "CE": ((60000, 63999),), "PI": ((64000, 64999),),
    "MA": ((65000, 65999),), "PA": ((66000, 68899),), "AP": ((68900, 68999),),
    "AM": ((69000, 69299), (69400, 69899)), "RR": ((69300, 69399),),
    "AC": ((69900, 69999),), "DF": ((70000, 72799), (73000, 73699)),
    "GO": ((72800, 72999), (73700, 76799)), "RO": ((76800, 76999),),
    "TO": ((77000, 77999),), "MT": ((78000, 78899),), "MS": ((79000, 79999),),
    "PR": ((80000, 87999),), "SC": ((88000, 89999),), "RS": ((90000, 99999),),
}  # fmt: skip

# fmt: off
CITIES: tuple[City, ...] = tuple(City(*row) for row in (
    # São Paulo: 01000-19999 (the capital also owns 08000-08499, folded into its block)
    ("SP", "sao paulo", "são paulo", -23.55, -46.63, 1000, 5999, 0),
    ("SP", "guarulhos", "guarulhos", -23.46, -46.53, 7000, 7399, 3.0),
    ("SP", "campinas", "campinas", -22.91, -47.06, 13000, 13139, 3.5),
    ("SP", "sao bernardo do campo", "são bernardo do campo", -23.69, -46.56, 9600, 9899, 2.2),
    ("SP", "santo andre", "santo andré", -23.66, -46.53, 9000, 9299, 2.0),
    ("SP", "osasco", "osasco", -23.53, -46.79, 6000, 6299, 1.8),
    ("SP", "santos", "santos", -23.96, -46.33, 11000, 11099, 1.7),
    ("SP", "sao jose dos campos", "são josé dos campos", -23.18, -45.88, 12200, 12248, 1.6),
    ("SP", "sorocaba", "sorocaba", -23.50, -47.46, 18000, 18109, 1.5),
    ("SP", "ribeirao preto", "ribeirão preto", -21.18, -47.81, 14000, 14114, 1.2),
    ("SP", "jundiai", "jundiaí", -23.19, -46.88, 13200, 13219, 1.3),
    ("SP", "mogi das cruzes", "mogi das cruzes", -23.52, -46.19, 8700, 8899, 0.9),
    ("SP", "piracicaba", "piracicaba", -22.73, -47.65, 13400, 13432, 0.8),
    ("SP", "bauru", "bauru", -22.31, -49.06, 17000, 17099, 0.7),
    ("SP", "sao jose do rio preto", "são josé do rio preto", -20.82, -49.38, 15000, 15099, 0.8),
    ("SP", "franca", "franca", -20.54, -47.40, 14400, 14414, 0.5),
    ("SP", "taubate", "taubaté", -23.03, -45.56, 12000, 12099, 0.5),
    ("SP", "limeira", "limeira", -22.56, -47.40, 13480, 13489, 0.5),
    ("SP", "barueri", "barueri", -23.51, -46.88, 6400, 6499, 0.6),
    ("SP", "carapicuiba", "carapicuíba", -23.52, -46.84, 6300, 6399, 0.6),
    ("SP", "diadema", "diadema", -23.69, -46.62, 9900, 9999, 0.6),
    ("SP", "presidente prudente", "presidente prudente", -22.12, -51.39, 19000, 19099, 0.4),
    ("SP", "marilia", "marília", -22.21, -49.95, 17500, 17529, 0.4),
    ("SP", "araraquara", "araraquara", -21.79, -48.18, 14800, 14811, 0.4),
    ("SP", "sao carlos", "são carlos", -22.01, -47.89, 13560, 13579, 0.4),
    ("SP", "braganca paulista", "bragança paulista", -22.95, -46.54, 12900, 12929, 0.3),
    ("SP", "lencois paulista", "lençóis paulista", -22.60, -48.80, 18680, 18689, 0.2),
    # Rio de Janeiro: 20000-28999
    ("RJ", "rio de janeiro", "rio de janeiro", -22.91, -43.21, 20000, 23799, 0),
    ("RJ", "niteroi", "niterói", -22.88, -43.10, 24000, 24399, 5),
    ("RJ", "sao goncalo", "são gonçalo", -22.83, -43.05, 24400, 24799, 4),
    ("RJ", "nova iguacu", "nova iguaçu", -22.76, -43.45, 26000, 26099, 3),
    ("RJ", "duque de caxias", "duque de caxias", -22.79, -43.31, 25000, 25299, 3),
    ("RJ", "petropolis", "petrópolis", -22.51, -43.18, 25600, 25799, 2),
    ("RJ", "campos dos goytacazes", "campos dos goytacazes", -21.75, -41.33, 28000, 28099, 2),
    ("RJ", "volta redonda", "volta redonda", -22.52, -44.10, 27200, 27299, 1.5),
    ("RJ", "macae", "macaé", -22.37, -41.79, 27900, 27999, 1.5),
    ("RJ", "teresopolis", "teresópolis", -22.41, -42.97, 25950, 25999, 1),
    ("RJ", "cabo frio", "cabo frio", -22.88, -42.02, 28900, 28949, 1),
    ("RJ", "angra dos reis", "angra dos reis", -23.01, -44.32, 23900, 23959, 0.7),
    # Espírito Santo: 29000-29999
    ("ES", "vitoria", "vitória", -20.32, -40.34, 29000, 29099, 0),
    ("ES", "vila velha", "vila velha", -20.33, -40.29, 29100, 29129, 5),
    ("ES", "serra", "serra", -20.13, -40.31, 29160, 29179, 5),
    ("ES", "cariacica", "cariacica", -20.26, -40.42, 29140, 29159, 3),
    ("ES", "cachoeiro de itapemirim", "cachoeiro de itapemirim", -20.85, -41.11, 29300, 29314, 2),
    ("ES", "guarapari", "guarapari", -20.67, -40.50, 29200, 29229, 1.5),
    ("ES", "linhares", "linhares", -19.39, -40.07, 29900, 29914, 1.5),
    ("ES", "colatina", "colatina", -19.54, -40.63, 29700, 29709, 1),
    ("ES", "sao mateus", "são mateus", -18.72, -39.86, 29930, 29949, 0.8),
    # Minas Gerais: 30000-39999
    ("MG", "belo horizonte", "belo horizonte", -19.92, -43.94, 30000, 31999, 0),
    ("MG", "contagem", "contagem", -19.93, -44.05, 32000, 32399, 4),
    ("MG", "juiz de fora", "juiz de fora", -21.76, -43.35, 36000, 36099, 4),
    ("MG", "uberlandia", "uberlândia", -18.92, -48.28, 38400, 38414, 4),
    ("MG", "betim", "betim", -19.97, -44.20, 32600, 32699, 2),
    ("MG", "montes claros", "montes claros", -16.73, -43.86, 39400, 39409, 2),
    ("MG", "uberaba", "uberaba", -19.75, -47.93, 38000, 38099, 2),
    ("MG", "governador valadares", "governador valadares", -18.85, -41.95, 35000, 35099, 1.5),
    ("MG", "ipatinga", "ipatinga", -19.47, -42.54, 35160, 35164, 1.5),
    ("MG", "divinopolis", "divinópolis", -20.14, -44.88, 35500, 35509, 1.5),
    ("MG", "sete lagoas", "sete lagoas", -19.46, -44.25, 35700, 35703, 1.5),
    ("MG", "pocos de caldas", "poços de caldas", -21.79, -46.56, 37700, 37719, 1.5),
    ("MG", "varginha", "varginha", -21.55, -45.43, 37000, 37099, 1),
    ("MG", "teofilo otoni", "teófilo otoni", -17.86, -41.51, 39800, 39804, 0.8),
    ("MG", "timoteo", "timóteo", -19.58, -42.64, 35180, 35183, 0.5),
    # Bahia: 40000-48999
    ("BA", "salvador", "salvador", -12.97, -38.50, 40000, 42499, 0),
    ("BA", "feira de santana", "feira de santana", -12.27, -38.97, 44000, 44099, 6),
    ("BA", "vitoria da conquista", "vitória da conquista", -14.86, -40.84, 45000, 45099, 4),
    ("BA", "lauro de freitas", "lauro de freitas", -12.89, -38.33, 42700, 42799, 4),
    ("BA", "camacari", "camaçari", -12.70, -38.32, 42800, 42849, 3),
    ("BA", "itabuna", "itabuna", -14.79, -39.28, 45600, 45609, 2),
    ("BA", "ilheus", "ilhéus", -14.79, -39.05, 45650, 45669, 2),
    ("BA", "juazeiro", "juazeiro", -9.42, -40.50, 48900, 48909, 2),
    ("BA", "porto seguro", "porto seguro", -16.45, -39.06, 45810, 45819, 1.5),
    ("BA", "barreiras", "barreiras", -12.15, -45.00, 47800, 47819, 1.5),
    ("BA", "teixeira de freitas", "teixeira de freitas", -17.54, -39.74, 45985, 45999, 1.5),
    ("BA", "jequie", "jequié", -13.86, -40.08, 45200, 45209, 1),
    # Sergipe: 49000-49999
    ("SE", "aracaju", "aracaju", -10.91, -37.07, 49000, 49099, 0),
    ("SE", "nossa senhora do socorro", "nossa senhora do socorro", -10.86, -37.13, 49160, 49169, 3),
    ("SE", "lagarto", "lagarto", -10.92, -37.65, 49400, 49409, 2),
    ("SE", "itabaiana", "itabaiana", -10.69, -37.43, 49500, 49509, 2),
    ("SE", "sao cristovao", "são cristóvão", -11.01, -37.21, 49100, 49109, 1),
    ("SE", "estancia", "estância", -11.27, -37.44, 49200, 49209, 1),
    # Pernambuco: 50000-56999
    ("PE", "recife", "recife", -8.05, -34.88, 50000, 52999, 0),
    ("PE", "jaboatao dos guararapes", "jaboatão dos guararapes", -8.11, -35.01, 54000, 54499, 5),
    ("PE", "olinda", "olinda", -8.01, -34.86, 53000, 53299, 4),
    ("PE", "paulista", "paulista", -7.94, -34.87, 53400, 53499, 2.5),
    ("PE", "caruaru", "caruaru", -8.28, -35.98, 55000, 55099, 3),
    ("PE", "petrolina", "petrolina", -9.39, -40.50, 56300, 56339, 3),
    ("PE", "cabo de santo agostinho", "cabo de santo agostinho", -8.29, -35.03, 54500, 54599, 1.5),
    ("PE", "garanhuns", "garanhuns", -8.89, -36.49, 55290, 55299, 1),
    ("PE", "vitoria de santo antao", "vitória de santo antão", -8.12, -35.29, 55600, 55619, 1),
    ("PE", "brejao", "brejão", -9.03, -36.57, 55325, 55329, 0.2),
    # Alagoas: 57000-57999
    ("AL", "maceio", "maceió", -9.67, -35.74, 57000, 57099, 0),
    ("AL", "arapiraca", "arapiraca", -9.75, -36.66, 57300, 57319, 5),
    ("AL", "rio largo", "rio largo", -9.48, -35.85, 57100, 57109, 1),
    ("AL", "palmeira dos indios", "palmeira dos índios", -9.41, -36.63, 57600, 57609, 1),
    ("AL", "penedo", "penedo", -10.29, -36.59, 57200, 57209, 1),
    ("AL", "uniao dos palmares", "união dos palmares", -9.16, -36.03, 57800, 57809, 0.8),
    # Paraíba: 58000-58999
    ("PB", "joao pessoa", "joão pessoa", -7.12, -34.86, 58000, 58099, 0),
    ("PB", "campina grande", "campina grande", -7.23, -35.88, 58400, 58449, 6),
    ("PB", "santa rita", "santa rita", -7.11, -34.98, 58300, 58309, 1.5),
    ("PB", "patos", "patos", -7.02, -37.28, 58700, 58709, 1.5),
    ("PB", "bayeux", "bayeux", -7.13, -34.93, 58310, 58319, 1),
    ("PB", "sousa", "sousa", -6.76, -38.23, 58800, 58809, 1),
    ("PB", "cabedelo", "cabedelo", -6.98, -34.83, 58100, 58109, 1),
    # Rio Grande do Norte: 59000-59999
    ("RN", "natal", "natal", -5.79, -35.21, 59000, 59139, 0),
    ("RN", "mossoro", "mossoró", -5.19, -37.34, 59600, 59649, 5),
    ("RN", "parnamirim", "parnamirim", -5.92, -35.26, 59140, 59159, 4),
    ("RN", "sao goncalo do amarante", "são gonçalo do amarante", -5.79, -35.33, 59290, 59299, 1),
    ("RN", "caico", "caicó", -6.46, -37.10, 59300, 59309, 1),
    ("RN", "macaiba", "macaíba", -5.86, -35.35, 59280, 59289, 1),
    # Ceará: 60000-63999
    ("CE", "fortaleza", "fortaleza", -3.73, -38.52, 60000, 61599, 0),
    ("CE", "caucaia", "caucaia", -3.74, -38.65, 61600, 61699, 3),
    ("CE", "juazeiro do norte", "juazeiro do norte", -7.21, -39.31, 63000, 63059, 3),
    ("CE", "maracanau", "maracanaú", -3.88, -38.63, 61900, 61939, 2),
    ("CE", "sobral", "sobral", -3.69, -40.35, 62000, 62119, 2),
    ("CE", "crato", "crato", -7.23, -39.41, 63100, 63134, 1),
    ("CE", "itapipoca", "itapipoca", -3.49, -39.58, 62500, 62509, 1),
    ("CE", "iguatu", "iguatu", -6.36, -39.30, 63500, 63509, 0.8),
    # Piauí: 64000-64999
    ("PI", "teresina", "teresina", -5.09, -42.80, 64000, 64099, 0),
    ("PI", "parnaiba", "parnaíba", -2.90, -41.77, 64200, 64219, 3),
    ("PI", "picos", "picos", -7.08, -41.47, 64600, 64609, 2),
    ("PI", "piripiri", "piripiri", -4.27, -41.78, 64260, 64269, 1),
    ("PI", "floriano", "floriano", -6.77, -43.02, 64800, 64809, 1),
    # Maranhão: 65000-65999
    ("MA", "sao luis", "são luís", -2.53, -44.30, 65000, 65109, 0),
    ("MA", "imperatriz", "imperatriz", -5.53, -47.48, 65900, 65919, 5),
    ("MA", "sao jose de ribamar", "são josé de ribamar", -2.56, -44.06, 65110, 65119, 2),
    ("MA", "timon", "timon", -5.09, -42.84, 65630, 65639, 2),
    ("MA", "caxias", "caxias", -4.86, -43.36, 65600, 65609, 2),
    ("MA", "bacabal", "bacabal", -4.22, -44.78, 65700, 65709, 1),
    ("MA", "balsas", "balsas", -7.53, -46.04, 65800, 65809, 1),
    ("MA", "acailandia", "açailândia", -4.95, -47.50, 65930, 65939, 1),
    # Pará: 66000-68899
    ("PA", "belem", "belém", -1.46, -48.50, 66000, 66999, 0),
    ("PA", "ananindeua", "ananindeua", -1.37, -48.37, 67000, 67199, 4),
    ("PA", "santarem", "santarém", -2.44, -54.71, 68000, 68099, 3),
    ("PA", "maraba", "marabá", -5.37, -49.12, 68500, 68514, 3),
    ("PA", "parauapebas", "parauapebas", -6.07, -49.90, 68515, 68519, 2),
    ("PA", "castanhal", "castanhal", -1.30, -47.93, 68740, 68749, 2),
    ("PA", "altamira", "altamira", -3.20, -52.21, 68370, 68379, 1),
    # Amapá: 68900-68999
    ("AP", "macapa", "macapá", 0.03, -51.07, 68900, 68911, 0),
    ("AP", "santana", "santana", -0.06, -51.18, 68925, 68929, 3),
    ("AP", "laranjal do jari", "laranjal do jari", -0.80, -52.45, 68920, 68924, 1),
    ("AP", "oiapoque", "oiapoque", 3.84, -51.83, 68980, 68989, 0.5),
    # Amazonas: 69000-69299 and 69400-69899
    ("AM", "manaus", "manaus", -3.12, -60.02, 69000, 69099, 0),
    ("AM", "itacoatiara", "itacoatiara", -3.14, -58.44, 69100, 69109, 2),
    ("AM", "parintins", "parintins", -2.63, -56.74, 69150, 69159, 2),
    ("AM", "manacapuru", "manacapuru", -3.30, -60.62, 69400, 69409, 2),
    ("AM", "coari", "coari", -4.08, -63.14, 69460, 69469, 1),
    ("AM", "tefe", "tefé", -3.35, -64.71, 69470, 69479, 1),
    # Roraima: 69300-69399
    ("RR", "boa vista", "boa vista", 2.82, -60.67, 69300, 69339, 0),
    ("RR", "rorainopolis", "rorainópolis", 0.94, -60.44, 69373, 69374, 1),
    ("RR", "caracarai", "caracaraí", 1.82, -61.13, 69360, 69369, 0.5),
    ("RR", "pacaraima", "pacaraima", 4.48, -61.15, 69345, 69349, 0.3),
    # Acre: 69900-69999
    ("AC", "rio branco", "rio branco", -9.97, -67.81, 69900, 69923, 0),
    ("AC", "cruzeiro do sul", "cruzeiro do sul", -7.63, -72.67, 69980, 69989, 3),
    ("AC", "sena madureira", "sena madureira", -9.07, -68.66, 69940, 69949, 1),
    ("AC", "tarauaca", "tarauacá", -8.16, -70.77, 69970, 69979, 1),
    # Distrito Federal: 70000-72799 and 73000-73699
    ("DF", "brasilia", "brasília", -15.79, -47.88, 70000, 71999, 0),
    ("DF", "taguatinga", "taguatinga", -15.83, -48.06, 72000, 72199, 1),
    ("DF", "ceilandia", "ceilândia", -15.82, -48.11, 72200, 72299, 1),
    ("DF", "gama", "gama", -16.02, -48.06, 72400, 72499, 0.5),
    ("DF", "sobradinho", "sobradinho", -15.65, -47.79, 73000, 73099, 0.5),
    ("DF", "planaltina", "planaltina", -15.62, -47.65, 73300, 73399, 0.5),
    # Goiás: 72800-72999 and 73700-76799
    ("GO", "goiania", "goiânia", -16.68, -49.25, 74000, 74899, 0),
    ("GO", "aparecida de goiania", "aparecida de goiânia", -16.82, -49.24, 74900, 74999, 4),
    ("GO", "anapolis", "anápolis", -16.33, -48.95, 75000, 75159, 4),
    ("GO", "rio verde", "rio verde", -17.80, -50.93, 75900, 75909, 2),
    ("GO", "luziania", "luziânia", -16.25, -47.95, 72800, 72859, 1.5),
    ("GO", "valparaiso de goias", "valparaíso de goiás", -16.07, -47.98, 72870, 72879, 1.5),
    ("GO", "aguas lindas de goias", "águas lindas de goiás", -15.76, -48.28, 72910, 72919, 1.5),
    ("GO", "itumbiara", "itumbiara", -18.42, -49.22, 75500, 75539, 1),
    ("GO", "catalao", "catalão", -18.17, -47.94, 75700, 75709, 1),
    ("GO", "caldas novas", "caldas novas", -17.74, -48.62, 75690, 75699, 1),
    ("GO", "jatai", "jataí", -17.88, -51.72, 75800, 75809, 1),
    ("GO", "formosa", "formosa", -15.54, -47.33, 73800, 73814, 1),
    # Tocantins: 77000-77999
    ("TO", "palmas", "palmas", -10.18, -48.33, 77000, 77270, 0),
    ("TO", "araguaina", "araguaína", -7.19, -48.21, 77800, 77829, 5),
    ("TO", "gurupi", "gurupi", -11.73, -49.07, 77400, 77429, 3),
    ("TO", "porto nacional", "porto nacional", -10.71, -48.42, 77500, 77509, 1.5),
    ("TO", "paraiso do tocantins", "paraíso do tocantins", -10.18, -48.88, 77600, 77609, 1),
    # Rondônia: 76800-76999
    ("RO", "porto velho", "porto velho", -8.76, -63.90, 76800, 76834, 0),
    ("RO", "ji-parana", "ji-paraná", -10.88, -61.95, 76900, 76919, 4),
    ("RO", "ariquemes", "ariquemes", -9.91, -63.04, 76870, 76879, 3),
    ("RO", "vilhena", "vilhena", -12.74, -60.15, 76980, 76989, 3),
    ("RO", "cacoal", "cacoal", -11.44, -61.45, 76960, 76969, 2),
    ("RO", "rolim de moura", "rolim de moura", -11.73, -61.78, 76940, 76949, 1),
    # Mato Grosso: 78000-78899
    ("MT", "cuiaba", "cuiabá", -15.60, -56.10, 78000, 78109, 0),
    ("MT", "varzea grande", "várzea grande", -15.65, -56.13, 78110, 78159, 5),
    ("MT", "rondonopolis", "rondonópolis", -16.47, -54.64, 78700, 78749, 3),
    ("MT", "sinop", "sinop", -11.86, -55.51, 78550, 78559, 3),
    ("MT", "sorriso", "sorriso", -12.55, -55.71, 78890, 78899, 1.5),
    ("MT", "tangara da serra", "tangará da serra", -14.62, -57.49, 78300, 78309, 1.5),
    ("MT", "caceres", "cáceres", -16.07, -57.68, 78200, 78219, 1),
    ("MT", "lucas do rio verde", "lucas do rio verde", -13.05, -55.91, 78455, 78459, 1),
    ("MT", "primavera do leste", "primavera do leste", -15.56, -54.30, 78850, 78859, 1),
    # Mato Grosso do Sul: 79000-79999
    ("MS", "campo grande", "campo grande", -20.47, -54.62, 79000, 79124, 0),
    ("MS", "dourados", "dourados", -22.22, -54.81, 79800, 79849, 5),
    ("MS", "tres lagoas", "três lagoas", -20.75, -51.68, 79600, 79649, 3),
    ("MS", "corumba", "corumbá", -19.01, -57.65, 79300, 79339, 2),
    ("MS", "ponta pora", "ponta porã", -22.54, -55.73, 79900, 79909, 1.5),
    ("MS", "aquidauana", "aquidauana", -20.47, -55.79, 79200, 79209, 1),
    # Paraná: 80000-87999
    ("PR", "curitiba", "curitiba", -25.43, -49.27, 80000, 82999, 0),
    ("PR", "londrina", "londrina", -23.31, -51.16, 86000, 86099, 6),
    ("PR", "maringa", "maringá", -23.42, -51.94, 87000, 87119, 6),
    ("PR", "ponta grossa", "ponta grossa", -25.09, -50.16, 84000, 84099, 3),
    ("PR", "cascavel", "cascavel", -24.96, -53.46, 85800, 85824, 3),
    ("PR", "sao jose dos pinhais", "são josé dos pinhais", -25.53, -49.21, 83000, 83099, 3),
    ("PR", "foz do iguacu", "foz do iguaçu", -25.55, -54.59, 85850, 85869, 2),
    ("PR", "colombo", "colombo", -25.29, -49.22, 83400, 83419, 1.5),
    ("PR", "guarapuava", "guarapuava", -25.39, -51.46, 85000, 85099, 1.5),
    ("PR", "toledo", "toledo", -24.72, -53.74, 85900, 85919, 1),
    ("PR", "apucarana", "apucarana", -23.55, -51.46, 86800, 86813, 1),
    # Santa Catarina: 88000-89999
    ("SC", "florianopolis", "florianópolis", -27.60, -48.55, 88000, 88099, 0),
    ("SC", "joinville", "joinville", -26.30, -48.85, 89200, 89239, 6),
    ("SC", "blumenau", "blumenau", -26.92, -49.07, 89000, 89099, 5),
    ("SC", "sao jose", "são josé", -27.61, -48.63, 88100, 88124, 3),
    ("SC", "itajai", "itajaí", -26.91, -48.66, 88300, 88319, 3),
    ("SC", "criciuma", "criciúma", -28.68, -49.37, 88800, 88819, 3),
    ("SC", "chapeco", "chapecó", -27.10, -52.62, 89800, 89819, 2.5),
    ("SC", "balneario camboriu", "balneário camboriú", -26.99, -48.63, 88330, 88339, 2.5),
    ("SC", "jaragua do sul", "jaraguá do sul", -26.49, -49.07, 89250, 89269, 2),
    ("SC", "palhoca", "palhoça", -27.64, -48.67, 88130, 88139, 2),
    ("SC", "lages", "lages", -27.82, -50.33, 88500, 88529, 1.5),
    ("SC", "tubarao", "tubarão", -28.47, -49.01, 88700, 88709, 1.5),
    ("SC", "brusque", "brusque", -27.10, -48.92, 88350, 88359, 1.5),
    ("SC", "imbituba", "imbituba", -28.24, -48.67, 88780, 88789, 0.3),
    # Rio Grande do Sul: 90000-99999
    ("RS", "porto alegre", "porto alegre", -30.03, -51.23, 90000, 91999, 0),
    ("RS", "caxias do sul", "caxias do sul", -29.17, -51.18, 95000, 95099, 5),
    ("RS", "pelotas", "pelotas", -31.77, -52.34, 96000, 96099, 3),
    ("RS", "canoas", "canoas", -29.92, -51.18, 92000, 92499, 3),
    ("RS", "santa maria", "santa maria", -29.69, -53.81, 97000, 97119, 3),
    ("RS", "novo hamburgo", "novo hamburgo", -29.68, -51.13, 93300, 93599, 2.5),
    ("RS", "sao leopoldo", "são leopoldo", -29.76, -51.15, 93000, 93180, 2),
    ("RS", "passo fundo", "passo fundo", -28.26, -52.41, 99000, 99099, 2),
    ("RS", "gravatai", "gravataí", -29.94, -50.99, 94000, 94199, 2),
    ("RS", "rio grande", "rio grande", -32.03, -52.10, 96200, 96219, 1.5),
    ("RS", "santa cruz do sul", "santa cruz do sul", -29.72, -52.43, 96800, 96839, 1.5),
    ("RS", "bento goncalves", "bento gonçalves", -29.17, -51.52, 95700, 95709, 1),
))
# fmt: on


@dataclass(frozen=True)
class ZipUniverse:
    """The zip-code prefixes a dataset uses, one entry per prefix (sorted)."""

    prefix: np.ndarray  # int: the five CEP digits as a number (01037 -> 1037)
    city: np.ndarray  # index into CITIES
    state: np.ndarray  # index into STATES
    lat: np.ndarray  # prefix centroid
    lng: np.ndarray
    customer_cdf: np.ndarray  # cumulative share of customers living in each prefix
    seller_cdf: np.ndarray
    first_of_state: np.ndarray  # one prefix index per state (its capital's busiest)


def city_shares() -> tuple[np.ndarray, np.ndarray]:
    """Each city's share of all customers and of all sellers."""
    customers = np.zeros(len(CITIES))
    sellers = np.zeros(len(CITIES))
    for state in STATES:
        members = [c for c, city in enumerate(CITIES) if city.state == state.code]
        others = sum(CITIES[c].weight for c in members)
        for c in members:
            if CITIES[c].weight == 0:
                within = state.capital_share
            else:
                within = (1 - state.capital_share) * CITIES[c].weight / others
            customers[c] = state.customers * within
            sellers[c] = state.sellers * within
    return customers / customers.sum(), sellers / sellers.sum()


def build_zip_universe(rng: np.random.Generator, size: int) -> ZipUniverse:
    """Pick about ``size`` prefixes, at least one per city, more for bigger cities."""
    customer_share, seller_share = city_shares()
    pull = np.maximum(customer_share, seller_share) ** 0.7
    wanted = np.maximum(1, np.rint(size * pull / pull.sum())).astype(np.int64)
    state_of = {state.code: i for i, state in enumerate(STATES)}
    prefixes, cities, lats, lngs, customer_w, seller_w = [], [], [], [], [], []
    for c, city in enumerate(CITIES):
        span = city.zip_high - city.zip_low + 1
        count = int(min(wanted[c], span))
        chosen = np.sort(rng.choice(span, size=count, replace=False)) + city.zip_low
        radius = 0.06 if city.weight == 0 else 0.025
        # Busy prefixes hold many addresses: uneven weights within a city.
        spread = rng.gamma(0.8, 1.0, count)
        spread /= spread.sum()
        prefixes.append(chosen)
        cities.append(np.full(count, c))
        lats.append(city.lat + rng.normal(0, radius, count))
        lngs.append(city.lng + rng.normal(0, radius, count))
        customer_w.append(customer_share[c] * spread)
        seller_w.append(seller_share[c] * spread)
    prefix = np.concatenate(prefixes)
    order = np.argsort(prefix, kind="stable")
    if np.any(np.diff(prefix[order]) == 0):
        raise ValueError("zip-code blocks of two cities overlap in geography.CITIES")
    city = np.concatenate(cities)[order]
    customer = np.concatenate(customer_w)[order]
    seller = np.concatenate(seller_w)[order]
    state = np.array([state_of[CITIES[c].state] for c in city], dtype=np.int64)
    first = np.zeros(len(STATES), dtype=np.int64)
    for s in range(len(STATES)):
        members = np.flatnonzero(state == s)
        first[s] = members[np.argmax(customer[members])]
    return ZipUniverse(
        prefix=prefix[order],
        city=city,
        state=state,
        lat=np.concatenate(lats)[order],
        lng=np.concatenate(lngs)[order],
        customer_cdf=_cdf(customer),
        seller_cdf=_cdf(seller),
        first_of_state=first,
    )


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def haversine_km(
    lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray
) -> np.ndarray:
    lat1, lng1, lat2, lng2 = (np.radians(v) for v in (lat1, lng1, lat2, lng2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
