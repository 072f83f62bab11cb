"""mdt-tui: proactive-care MDT meetings for NHS Integrated Neighbourhood Teams."""

__version__ = "0.1.0"
