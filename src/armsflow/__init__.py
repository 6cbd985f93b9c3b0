"""ArmsFlow: trace crime guns to their source and find the trafficking behind them."""

__version__ = "0.1.0"
