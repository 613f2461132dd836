"""The submission template a province sends to its agencies (issue #6 item 2).

``write_template(region_code, year, out_dir)`` writes an XLSX (sheets *Petunjuk*, *Rencana Aksi*, *Satuan*) and a
CSV with the same columns, the national nomenclature pre-filled for the region's level of government. The filled
XLSX is read back by the layout family ``templat_xlsx`` (spec ``templat_rekap``), whose spec also defines the
template's columns, so writer and reader cannot drift apart.
"""

from rekap.template.writer import TemplateError, TemplateItem, neutralise, template_items, write_template

__all__ = ["TemplateError", "TemplateItem", "neutralise", "template_items", "write_template"]
