"""Recoveries abroad: Mexican states, Central America, where their US guns were first sold,
which countries foreign-sourced guns come from, and licensed-export destinations.

Weights are approximate orders of magnitude (approx.) except where DOMAIN.md §8 gives a
published figure: Texas first (over 40% in 2015-2022 releases), then California and
Arizona; foreign-sourced guns mainly from Spain, China, Italy, Germany and Romania.
"""

from __future__ import annotations

# fmt: off
MX_STATES: tuple[tuple[str, str, float], ...] = (
    # ISO 3166-2:MX code, city, weight (approx. share of traced recoveries)
    ("TAM", "Reynosa", 11), ("CHH", "Ciudad Juarez", 10), ("BCN", "Tijuana", 10),
    ("SON", "Hermosillo", 8), ("JAL", "Guadalajara", 7), ("MIC", "Morelia", 6),
    ("GRO", "Acapulco", 6), ("SIN", "Culiacan", 6), ("NLE", "Monterrey", 5),
    ("CMX", "Ciudad de Mexico", 4), ("MEX", "Toluca", 4), ("COA", "Saltillo", 3),
    ("ZAC", "Zacatecas", 3), ("GUA", "Celaya", 3), ("DUR", "Durango", 2), ("VER", "Veracruz", 2),
    ("SLP", "San Luis Potosi", 2), ("QUE", "Queretaro", 1), ("OAX", "Oaxaca", 1),
    ("PUE", "Puebla", 1), ("MOR", "Cuernavaca", 1), ("CHP", "Tapachula", 1), ("NAY", "Tepic", 1),
    ("COL", "Manzanillo", 1), ("TAB", "Villahermosa", 1), ("ROO", "Cancun", 1),
    ("HID", "Pachuca", .5), ("AGU", "Aguascalientes", .5), ("BCS", "La Paz", .5),
    ("CAM", "Campeche", .5), ("TLA", "Tlaxcala", .5), ("YUC", "Merida", .5),
)

CENTRAL_AMERICA: tuple[tuple[str, str, float], ...] = (
    # ISO alpha-2, city, weight
    ("GT", "Ciudad de Guatemala", 35), ("HN", "San Pedro Sula", 30),
    ("SV", "San Salvador", 25), ("BZ", "Belize City", 10),
)

MEXICO_SOURCE_STATES: tuple[tuple[str, float], ...] = (
    # where US-sourced Mexico recoveries were first sold at retail (approx.; TX > 40%)
    ("TX", 48), ("CA", 13), ("AZ", 12), ("NM", 3.5), ("FL", 3.5), ("IL", 2), ("GA", 2),
    ("CO", 1.5), ("NV", 1.5), ("OK", 1.5), ("WA", 1), ("OR", 1), ("UT", 1), ("LA", 1),
    ("NC", 1), ("MI", 1), ("OH", 1), ("TN", 1), ("MO", 1), ("KS", 1), ("AL", .8),
    ("AR", .8), ("VA", .8), ("PA", .8), ("IN", .6), ("SC", .6), ("MN", .5), ("WI", .5),
    ("NY", .4), ("KY", .4), ("MS", .4), ("ID", .4), ("NE", .3), ("IA", .3), ("MT", .2),
    ("WY", .2), ("SD", .1), ("ND", .1), ("MD", .2), ("NJ", .1), ("WV", .1), ("ME", .05),
    ("NH", .05), ("VT", .05), ("MA", .05), ("CT", .05), ("DE", .05), ("AK", .05),
)

CENTRAL_AMERICA_SOURCE_STATES: tuple[tuple[str, float], ...] = (
    ("FL", 30), ("TX", 25), ("CA", 8), ("GA", 5), ("NC", 4), ("VA", 4), ("NY", 3),
    ("NJ", 3), ("MD", 3), ("AZ", 3), ("LA", 2), ("TN", 2), ("SC", 2), ("AL", 2), ("PA", 2),
    ("OH", 1), ("IL", 1),
)

FOREIGN_SOURCE_COUNTRIES: tuple[tuple[str, float], ...] = (
    # country of manufacture of foreign-sourced guns (never legally in the US)
    ("ES", 24), ("CN", 20), ("IT", 17), ("DE", 13), ("RO", 10), ("BR", 4), ("CZ", 3),
    ("BE", 3), ("AT", 2), ("IL", 2), ("RS", 1), ("RU", 1),
)

EXPORT_DESTINATIONS: tuple[tuple[str, float, str, str], ...] = (
    # country, weight, government end user, commercial consignee (fictitious)
    ("CA", 14, "ROYAL CANADIAN MOUNTED POLICE", "NORTHERN SPORTING ARMS LTD"),
    ("GB", 6, "MINISTRY OF DEFENCE", "ALBION SPORTING GUNS LTD"),
    ("DE", 5, "BUNDESPOLIZEI", "NORDWAFFEN HANDEL GMBH"),
    ("AU", 6, "AUSTRALIAN FEDERAL POLICE", "SOUTHERN CROSS FIREARMS PTY LTD"),
    ("IL", 5, "ISRAEL POLICE", "GALIL SPORT TRADING LTD"),
    ("MX", 12, "SECRETARIA DE LA DEFENSA NACIONAL (DCAM)", "DCAM - VENTA A PARTICULARES"),
    ("CO", 6, "POLICIA NACIONAL DE COLOMBIA", "INDUMIL COMERCIAL"),
    ("GT", 5, "POLICIA NACIONAL CIVIL", "ARMERIA CENTROAMERICANA SA"),
    ("HN", 4, "SECRETARIA DE SEGURIDAD", "ARMAS Y MUNICIONES DEL NORTE SA"),
    ("SV", 4, "POLICIA NACIONAL CIVIL", "DISTRIBUIDORA CUSCATLAN SA DE CV"),
    ("PH", 8, "PHILIPPINE NATIONAL POLICE", "LUZON ARMS TRADING CORP"),
    ("TH", 6, "ROYAL THAI POLICE", "SIAM SPORTING ARMS CO LTD"),
    ("BR", 4, "POLICIA FEDERAL", "ARMAS DO SUL LTDA"),
    ("AR", 3, "GENDARMERIA NACIONAL", "ARMERIA DEL PLATA SA"),
    ("PE", 3, "POLICIA NACIONAL DEL PERU", "ARMAS ANDINAS SAC"),
    ("PA", 2, "POLICIA NACIONAL", "ISTMO ARMS SA"),
)

COUNTRY_SPELLINGS: dict[str, tuple[str, ...]] = {
    # how requests write a country of manufacture: all parse to the code (tested)
    "US": ("US", "USA", "United States", "U.S.A.", "Estados Unidos", "EE.UU."),
    "ES": ("ES", "Spain", "España", "ESP"), "CN": ("CN", "China", "PRC", "CHN"),
    "IT": ("IT", "Italy", "Italia", "ITA"), "DE": ("DE", "Germany", "Alemania", "DEU"),
    "RO": ("RO", "Romania", "Rumania", "ROU"), "BR": ("BR", "Brazil", "Brasil", "BRA"),
    "CZ": ("CZ", "Czech Republic", "República Checa", "CZE"), "BE": ("BE", "Belgium", "Bélgica"),
    "AT": ("AT", "Austria", "AUT"), "IL": ("IL", "Israel", "ISR"), "RS": ("RS", "Serbia", "SRB"),
    "RU": ("RU", "Russia", "Rusia", "RUS"), "TR": ("TR", "Turkey", "Turquía", "TUR"),
    "AR": ("AR", "Argentina", "ARG"), "PH": ("PH", "Philippines", "PHL"),
    "BG": ("BG", "Bulgaria", "BGR"),
}
# fmt: on
