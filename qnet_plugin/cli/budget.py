"""``qnet budget``: thermal-noise link budget of a lossy waveguide (paper 002 Sec. VII, Table II)."""

from __future__ import annotations

from qnet_plugin.cli._output import print_json, print_table
from qnet_plugin.core.validation import check_range
from qnet_plugin.physics.thermal_link import ThermalWaveguide


def register(sub) -> None:
    p = sub.add_parser(
        "budget", help="thermal photons added by a lossy waveguide (002 Table II)",
        description="Link budget of a waveguide at temperature T (002 Sec. VII): the thermal occupation "
                    "n at the carrier frequency, the photons (1 - t) n it adds over --length, and the "
                    "lengths at which it adds 0.01 and 0.1 photons (inf: never).")
    p.add_argument("--frequency", type=float, required=True, help="carrier frequency (ordinary) [Hz]")
    p.add_argument("--temperature", type=float, required=True, help="waveguide temperature [K]")
    p.add_argument("--attenuation-db-per-m", type=float, required=True, dest="attenuation_db_per_m",
                   help="power attenuation [dB/m]")
    p.add_argument("--length", type=float, default=1.0, help="waveguide length [m] (default: 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(func=run)


def run(args) -> int:
    check_range("temperature", args.temperature, 0.0, None, low_open=True, unit="K",
                why="a thermal waveguide needs T > 0")
    check_range("attenuation_db_per_m", args.attenuation_db_per_m, 0.0, None, unit="dB/m",
                why="a passive waveguide cannot amplify")
    check_range("frequency", args.frequency, 0.0, None, low_open=True, unit="Hz")
    check_range("length", args.length, 0.0, None, unit="m")
    wg = ThermalWaveguide(frequency=args.frequency, temperature=args.temperature,
                          attenuation_db_per_m=args.attenuation_db_per_m, length=args.length)
    budget = wg.budget()
    if args.json:
        # JSON has no infinity: lengths that are never reached are printed as null.
        print_json({**budget, "frequency_hz": args.frequency, "temperature_k": args.temperature,
                    "attenuation_db_per_m": args.attenuation_db_per_m, "length_m": args.length})
        return 0
    units = {"n_thermal": "", "transmittance": "", "added_photons": "", "l_001_m": "m", "l_01_m": "m"}
    print_table([(k, v, units[k]) for k, v in budget.items()],
                title=f"budget: {args.frequency:.4g} Hz, {args.temperature:g} K, "
                      f"{args.attenuation_db_per_m:g} dB/m, {args.length:g} m")
    return 0
