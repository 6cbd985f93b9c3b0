"""The firearm part of a registry row, as Arrow columns for any list of guns."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from armsflow.simulate.arrays import Ints, coded
from armsflow.simulate.world import World

FIREARM_COLUMNS = ("serial_number", "manufacturer", "model", "caliber", "firearm_type",
                   "country_of_manufacture", "importer", "item_kind")


@dataclass(frozen=True)
class GunText:
    """Per chunk: every gun's serial, and its model and entry licensee (source)."""

    serial: pa.Array
    model: Ints
    source: Ints

    def columns(self, world: World, guns: Ints) -> dict[str, pa.Array]:
        cat, lic = world.catalog, world.licensees
        model = self.model[guns]
        return {
            "serial_number": self.serial.take(pa.array(guns)),
            "manufacturer": coded(cat.maker[model], cat.maker_names),
            "model": coded(model, cat.model_names),
            "caliber": coded(model, cat.calibers),
            "firearm_type": coded(model, cat.ncic),
            "country_of_manufacture": coded(model, cat.countries),
            "importer": coded(self.source[guns], lic.mark),
            "item_kind": coded(model, cat.kinds),
        }
