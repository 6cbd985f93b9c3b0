"""Static tables the simulator draws from: places, industry, firearm catalog, abroad.

They are Python data rather than CSV files so that they ship with the package without a
package-data entry. Figures marked "(approx.)" are rounded public orders of magnitude,
not published statistics; the ones the calibration checks come from DOMAIN.md §8 and the
ATF table (see docs/simulator.md).
"""
