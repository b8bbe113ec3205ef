"""Each principle's icon (Bootstrap Icons, vendored under static/vendor/): the same mark
wherever the principle appears, so that readers find it again at a glance."""

from django import template

register = template.Library()

ICONS = {
    1: "heart-pulse",  # Shifting to a Public Health Frame
    2: "sun",  # Well-Being is Safety
    3: "person-heart",  # Crime Survivors at the Center
    4: "arrow-repeat",  # Breaking the Cycle of Harm
    5: "diagram-3",  # Making the System Work
}


@register.filter
def principle_icon(number):
    """The icon name of principle ``number`` (a neutral mark for any later principle)."""
    return ICONS.get(number, "circle")
