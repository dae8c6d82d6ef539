"""Review titles and messages in the tone of the real (Portuguese) reviews.

Written for the generator (no real review is copied), with the real texts' habits.
Messages are drawn from pools built once per dataset: one to three sentences, joined
by a space or, in about one message in twelve, by a line break inside the quoted
field, as real customers typed them. Some start with a digit ("10/10 ...") and so are
quoted; some carry commas; titles sometimes keep a trailing space.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extract.olist.offline import cells

POSITIVE = (
    "Chegou bem antes do prazo previsto.",
    "Produto de ótima qualidade, recomendo.",
    "Chegou tudo certinho, muito obrigado!",
    "Entrega rápida e produto conforme anunciado.",
    "Adorei o produto, superou minhas expectativas.",
    "Vendedor sério, produto certo e entrega no prazo.",
    "Muito bom",
    "Excelente loja, comprarei novamente.",
    "Produto bem embalado e chegou rápido.",
    "10/10 recomendo a todos",
    "5 estrelas, tudo perfeito",
    "Parabéns pela rapidez na entrega",
    "Ótimo custo benefício",
    "bonito e barato, gostei.",
    "Compra fácil e sem complicação.",
    "Já estou usando e até agora, sem nenhum problema.",
    "Tudo ok",
    "Estou satisfeita com a compra",
    "Nota 10 para a loja",
    "obrigado pela atenção",
)
NEUTRAL = (
    "O produto é bom, mas a entrega demorou um pouco.",
    "Funciona ,meio lento...mas pelo preço ta bom.",
    "Produto razoável, esperava mais pelo preço.",
    "Chegou com a caixa amassada, mas o produto está ok.",
    "A cor é diferente da foto do anúncio.",
    "Ainda não testei o produto.",
    "Veio só uma unidade, comprei duas",
    "Atendeu as expectativas",
    "3 dias de atraso, mas chegou",
    "Demorou mas chegou.",
)
NEGATIVE = (
    "Não recebi o produto até agora.",
    "Péssimo",
    "Produto veio com defeito e ninguém responde.",
    "QUERO SABER O QUE ACONTECEU, NUNCA TIVE PROBLEMA E AGORA ISSO",
    "Não gostei ! Veio bem diferente da foto",
    "Comprei dois itens e só recebi um.",
    "A entrega atrasou mais de 20 dias.",
    "Produto diferente do anunciado, quero devolver.",
    "2 semanas de atraso e nenhuma resposta da loja",
    "Não recomendo essa loja",
    "O produto chegou quebrado.",
    "Paguei e não recebi, quero meu dinheiro de volta",
)
TITLES_POSITIVE = (
    "recomendo",
    "Super recomendo",
    "Ótimo",
    "Excelente",
    "Muito bom",
    "Top",
    "10",
    "Adorei",
    "Perfeito ",
    "Chegou antes do prazo",
)
TITLES_NEUTRAL = ("Razoável", "Bom", "Mais ou menos", "ok", "Atraso na entrega")
TITLES_NEGATIVE = (
    "Produto não chegou ",
    "Péssimo",
    "Ruim",
    "Decepcionada",
    "Não recomendo",
    "Produto com defeito",
    "Atraso",
)


@dataclass(frozen=True)
class TextTable:
    """Formatted cells of three pools (negative, neutral, positive) stacked.

    Each pool starts with an empty (NULL) cell at row ``start[s]``, followed by
    ``size[s]`` texts; row 0 is therefore always the empty cell.
    """

    cells: np.ndarray
    start: np.ndarray
    size: np.ndarray


def review_messages(rng: np.random.Generator, per_pool: int = 60) -> TextTable:
    return _stack([_messages(rng, pool, per_pool) for pool in (NEGATIVE, NEUTRAL, POSITIVE)])


def review_titles() -> TextTable:
    return _stack([list(pool) for pool in (TITLES_NEGATIVE, TITLES_NEUTRAL, TITLES_POSITIVE)])


def _messages(rng: np.random.Generator, sentences: tuple[str, ...], count: int) -> list[str]:
    texts = []
    for _ in range(count):
        parts = int(rng.choice([1, 2, 3], p=[0.7, 0.22, 0.08]))
        picked = rng.choice(len(sentences), size=parts, replace=False)
        separator = "\n" if rng.random() < 0.08 * parts else " "
        text = separator.join(sentences[i] for i in picked)
        if rng.random() < 0.03:
            text += "\n"
        texts.append(text)
    return texts


def _stack(pools: list[list[str]]) -> TextTable:
    rows = [text for pool in pools for text in ("", *pool)]
    sizes = np.array([len(pool) for pool in pools])
    starts = np.cumsum([0, *(sizes[:-1] + 1)])
    return TextTable(cells=cells.table(rows), start=starts, size=sizes)
