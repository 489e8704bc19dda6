from django import template

register = template.Library()


@register.simple_tag
def level_label(scale, rank) -> str:
    """'3. Zelfstandig' for a rank on the scale, '–' for none."""
    return scale.label(rank)


@register.filter
def percent(value: float) -> int:
    return round((value or 0) * 100)
