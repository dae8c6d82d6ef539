"""Products, sellers and the category translation table.

The translation table is the real one (71 rows, CC BY-NC-SA 4.0, Olist). Products use
73 categories: those 71 plus ``pc_gamer`` and
``portateis_cozinha_e_preparadores_de_alimentos``, which real products carry but the
real translation file lacks. Category weights are the real product counts; about 1.9 %
of products have no category and then no name/description lengths or photo count,
as in the real file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extract.olist.offline.geography import ZipUniverse

TRANSLATION: tuple[tuple[str, str], ...] = (
    ("beleza_saude", "health_beauty"),
    ("informatica_acessorios", "computers_accessories"),
    ("automotivo", "auto"),
    ("cama_mesa_banho", "bed_bath_table"),
    ("moveis_decoracao", "furniture_decor"),
    ("esporte_lazer", "sports_leisure"),
    ("perfumaria", "perfumery"),
    ("utilidades_domesticas", "housewares"),
    ("telefonia", "telephony"),
    ("relogios_presentes", "watches_gifts"),
    ("alimentos_bebidas", "food_drink"),
    ("bebes", "baby"),
    ("papelaria", "stationery"),
    ("tablets_impressao_imagem", "tablets_printing_image"),
    ("brinquedos", "toys"),
    ("telefonia_fixa", "fixed_telephony"),
    ("ferramentas_jardim", "garden_tools"),
    ("fashion_bolsas_e_acessorios", "fashion_bags_accessories"),
    ("eletroportateis", "small_appliances"),
    ("consoles_games", "consoles_games"),
    ("audio", "audio"),
    ("fashion_calcados", "fashion_shoes"),
    ("cool_stuff", "cool_stuff"),
    ("malas_acessorios", "luggage_accessories"),
    ("climatizacao", "air_conditioning"),
    ("construcao_ferramentas_construcao", "construction_tools_construction"),
    ("moveis_cozinha_area_de_servico_jantar_e_jardim", "kitchen_dining_laundry_garden_furniture"),
    ("construcao_ferramentas_jardim", "costruction_tools_garden"),
    ("fashion_roupa_masculina", "fashion_male_clothing"),
    ("pet_shop", "pet_shop"),
    ("moveis_escritorio", "office_furniture"),
    ("market_place", "market_place"),
    ("eletronicos", "electronics"),
    ("eletrodomesticos", "home_appliances"),
    ("artigos_de_festas", "party_supplies"),
    ("casa_conforto", "home_confort"),
    ("construcao_ferramentas_ferramentas", "costruction_tools_tools"),
    ("agro_industria_e_comercio", "agro_industry_and_commerce"),
    ("moveis_colchao_e_estofado", "furniture_mattress_and_upholstery"),
    ("livros_tecnicos", "books_technical"),
    ("casa_construcao", "home_construction"),
    ("instrumentos_musicais", "musical_instruments"),
    ("moveis_sala", "furniture_living_room"),
    ("construcao_ferramentas_iluminacao", "construction_tools_lights"),
    ("industria_comercio_e_negocios", "industry_commerce_and_business"),
    ("alimentos", "food"),
    ("artes", "art"),
    ("moveis_quarto", "furniture_bedroom"),
    ("livros_interesse_geral", "books_general_interest"),
    ("construcao_ferramentas_seguranca", "construction_tools_safety"),
    ("fashion_underwear_e_moda_praia", "fashion_underwear_beach"),
    ("fashion_esporte", "fashion_sport"),
    ("sinalizacao_e_seguranca", "signaling_and_security"),
    ("pcs", "computers"),
    ("artigos_de_natal", "christmas_supplies"),
    ("fashion_roupa_feminina", "fashio_female_clothing"),
    ("eletrodomesticos_2", "home_appliances_2"),
    ("livros_importados", "books_imported"),
    ("bebidas", "drinks"),
    ("cine_foto", "cine_photo"),
    ("la_cuisine", "la_cuisine"),
    ("musica", "music"),
    ("casa_conforto_2", "home_comfort_2"),
    ("portateis_casa_forno_e_cafe", "small_appliances_home_oven_and_coffee"),
    ("cds_dvds_musicais", "cds_dvds_musicals"),
    ("dvds_blu_ray", "dvds_blu_ray"),
    ("flores", "flowers"),
    ("artes_e_artesanato", "arts_and_craftmanship"),
    ("fraldas_higiene", "diapers_and_hygiene"),
    ("fashion_roupa_infanto_juvenil", "fashion_childrens_clothes"),
    ("seguros_e_servicos", "security_and_services"),
)

UNTRANSLATED: tuple[str, ...] = ("pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos")


@dataclass(frozen=True)
class Category:
    name: str
    products: int  # products in the real file
    median_price: float  # BRL
    weight_factor: float  # relative to a typical 700 g parcel


# fmt: off
CATEGORIES: tuple[Category, ...] = tuple(Category(*row) for row in (
    ("cama_mesa_banho", 3029, 80, 1.5), ("esporte_lazer", 2867, 70, 1.0),
    ("moveis_decoracao", 2657, 70, 2.5), ("beleza_saude", 2444, 80, 0.6),
    ("utilidades_domesticas", 2335, 60, 1.2), ("automotivo", 1900, 80, 1.2),
    ("informatica_acessorios", 1639, 70, 0.8), ("brinquedos", 1411, 70, 1.0),
    ("relogios_presentes", 1329, 120, 0.4), ("telefonia", 1134, 35, 0.3),
    ("bebes", 919, 80, 1.4), ("perfumaria", 868, 70, 0.5),
    ("fashion_bolsas_e_acessorios", 849, 50, 0.5), ("papelaria", 849, 50, 0.8),
    ("cool_stuff", 789, 110, 1.5), ("ferramentas_jardim", 753, 70, 1.5),
    ("pet_shop", 719, 55, 1.2), ("eletronicos", 517, 40, 0.5),
    ("construcao_ferramentas_construcao", 400, 80, 2.0), ("eletrodomesticos", 370, 70, 2.0),
    ("malas_acessorios", 349, 120, 3.0), ("consoles_games", 317, 60, 0.5),
    ("moveis_escritorio", 309, 180, 8.0), ("instrumentos_musicais", 289, 120, 1.5),
    ("eletroportateis", 231, 150, 3.0), ("casa_construcao", 225, 80, 2.0),
    ("livros_interesse_geral", 216, 40, 0.6), ("fashion_calcados", 173, 90, 0.8),
    ("moveis_sala", 156, 100, 5.0), ("climatizacao", 124, 120, 3.0),
    ("livros_tecnicos", 123, 60, 0.8), ("telefonia_fixa", 116, 70, 0.5),
    ("casa_conforto", 111, 60, 2.0), ("market_place", 104, 90, 1.5),
    ("alimentos_bebidas", 104, 40, 1.0), ("fashion_roupa_masculina", 95, 70, 0.5),
    ("moveis_cozinha_area_de_servico_jantar_e_jardim", 94, 150, 6.0),
    ("sinalizacao_e_seguranca", 93, 70, 1.5), ("construcao_ferramentas_seguranca", 91, 80, 1.5),
    ("eletrodomesticos_2", 90, 400, 8.0), ("construcao_ferramentas_jardim", 88, 70, 1.5),
    ("alimentos", 82, 40, 1.0), ("bebidas", 81, 40, 1.2),
    ("construcao_ferramentas_iluminacao", 78, 70, 1.0), ("agro_industria_e_comercio", 74, 150, 3.0),
    ("industria_comercio_e_negocios", 68, 100, 3.0), ("artigos_de_natal", 65, 50, 1.0),
    ("audio", 58, 60, 0.5), ("artes", 55, 60, 1.0),
    ("fashion_underwear_e_moda_praia", 53, 40, 0.3), ("dvds_blu_ray", 48, 40, 0.3),
    ("moveis_quarto", 45, 100, 6.0), ("construcao_ferramentas_ferramentas", 39, 80, 1.5),
    ("portateis_casa_forno_e_cafe", 31, 300, 4.0), ("livros_importados", 31, 60, 0.8),
    ("pcs", 30, 1000, 8.0), ("cine_foto", 28, 60, 0.6),
    ("fashion_roupa_feminina", 27, 60, 0.4), ("musica", 27, 60, 0.8),
    ("artigos_de_festas", 26, 50, 0.6), ("fashion_esporte", 19, 50, 0.4),
    ("artes_e_artesanato", 19, 50, 0.6), ("flores", 14, 30, 0.5),
    ("fraldas_higiene", 12, 40, 2.0), ("tablets_impressao_imagem", 9, 90, 0.6),
    ("moveis_colchao_e_estofado", 10, 120, 8.0), ("la_cuisine", 10, 150, 2.0),
    ("casa_conforto_2", 5, 25, 1.0), ("fashion_roupa_infanto_juvenil", 5, 50, 0.4),
    ("seguros_e_servicos", 2, 100, 0.5), ("cds_dvds_musicais", 1, 50, 0.3),
    ("pc_gamer", 3, 200, 5.0),
    ("portateis_cozinha_e_preparadores_de_alimentos", 10, 150, 3.0),
))
# fmt: on

CATEGORY_NAMES: tuple[str, ...] = tuple(category.name for category in CATEGORIES)
NO_CATEGORY_SHARE = 610 / 32951
_PRICE_ENDINGS = np.array([90, 99, 0, 50, -1])
_PRICE_ENDING_P = np.array([0.35, 0.25, 0.20, 0.05, 0.15])
_PHOTOS_P = np.array([0.50, 0.20, 0.11, 0.08, 0.05, 0.025, 0.015, 0.01, 0.005, 0.005])


@dataclass(frozen=True)
class Sellers:
    zip: np.ndarray  # index into the zip universe
    city_variant: np.ndarray  # 0 clean, 1 "city - uf", 2 "city/uf", 3 the full CEP


@dataclass(frozen=True)
class Products:
    category: np.ndarray  # index into CATEGORY_NAMES, -1 = no category
    name_length: np.ndarray
    description_length: np.ndarray
    photos: np.ndarray
    weight_g: np.ndarray  # -1 = unknown (dimensions unknown too)
    length_cm: np.ndarray
    height_cm: np.ndarray
    width_cm: np.ndarray
    price_cents: np.ndarray
    seller: np.ndarray
    popularity_cdf: np.ndarray
    by_seller: np.ndarray  # product indices grouped by seller
    seller_start: np.ndarray  # by_seller[seller_start[s]:seller_start[s + 1]]

    def __len__(self) -> int:
        return self.category.shape[0]


def build_sellers(rng: np.random.Generator, count: int, zips: ZipUniverse) -> Sellers:
    zip_index = np.searchsorted(zips.seller_cdf, rng.random(count), side="right")
    variant = rng.choice(4, size=count, p=[0.992, 0.003, 0.003, 0.002])
    return Sellers(zip=np.minimum(zip_index, len(zips.prefix) - 1), city_variant=variant)


def build_products(rng: np.random.Generator, count: int, sellers: int) -> Products:
    weights = np.array([c.products for c in CATEGORIES], dtype=np.float64)
    category = rng.choice(len(CATEGORIES), size=count, p=weights / weights.sum())
    category[rng.random(count) < NO_CATEGORY_SHARE] = -1
    # Small samples still carry the two categories the translation table lacks.
    for position, name in enumerate(UNTRANSLATED[: min(count, 2)]):
        category[position] = CATEGORY_NAMES.index(name)
    known = category >= 0
    safe = np.where(known, category, 0)

    medians = np.array([c.median_price for c in CATEGORIES])[safe]
    raw = medians * rng.lognormal(0.05, 0.9, count)
    ending = rng.choice(_PRICE_ENDINGS, size=count, p=_PRICE_ENDING_P)
    ending = np.where(ending < 0, rng.integers(0, 100, count), ending)
    price = np.maximum(np.floor(raw).astype(np.int64) * 100 + ending, 85)
    price = np.minimum(price, 679_000)

    factor = np.array([c.weight_factor for c in CATEGORIES])[safe]
    weight = 700 * factor * rng.lognormal(0.0, 1.1, count)
    weight = np.clip(np.rint(weight / 50) * 50, 50, 40_000).astype(np.int64)
    volume = weight / 0.18 * rng.lognormal(0.0, 0.5, count)  # cm³ at ~0.18 g/cm³
    side = np.cbrt(volume)
    stretch = rng.lognormal(0.0, 0.35, (3, count))
    length = np.clip(np.rint(side * stretch[0] * 1.3), 16, 105).astype(np.int64)
    height = np.clip(np.rint(side * stretch[1] * 0.6), 2, 105).astype(np.int64)
    width = np.clip(np.rint(side * stretch[2] * 1.1), 11, 118).astype(np.int64)
    unknown_size = rng.random(count) < 0.0002
    for column in (weight, length, height, width):
        column[unknown_size] = -1

    name_length = np.clip(np.rint(rng.normal(48, 10, count)), 5, 76).astype(np.int64)
    description = np.clip(np.rint(rng.lognormal(6.4, 0.75, count)), 4, 3992).astype(np.int64)
    photos = rng.choice(np.arange(1, 11), size=count, p=_PHOTOS_P)
    for column in (name_length, description, photos):
        column[~known] = -1

    # Every seller lists at least one product; the rest go to sellers by size.
    seller_size = rng.lognormal(0.0, 1.5, sellers)
    seller = np.searchsorted(_cdf(seller_size), rng.random(count), side="right")
    seller = np.minimum(seller, sellers - 1)
    covered = min(count, sellers)
    seller[rng.permutation(count)[:covered]] = rng.permutation(sellers)[:covered]
    by_seller = np.argsort(seller, kind="stable")
    seller_start = np.searchsorted(seller[by_seller], np.arange(sellers + 1))

    return Products(
        category=category,
        name_length=name_length,
        description_length=description,
        photos=photos,
        weight_g=weight,
        length_cm=length,
        height_cm=height,
        width_cm=width,
        price_cents=price,
        seller=seller,
        popularity_cdf=_cdf(rng.lognormal(0.0, 1.4, count)),
        by_seller=by_seller,
        seller_start=seller_start,
    )


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]
