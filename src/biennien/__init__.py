"""biennien: Vietnamese news into stories with dated, source-cited timelines."""

__version__ = "0.1.0"
