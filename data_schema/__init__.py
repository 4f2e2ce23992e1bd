"""The registry data model, shipped with the package (Table Schema files and code lists)."""
