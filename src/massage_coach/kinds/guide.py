"""A guide of prose sections (`content/guides/*.yaml`)."""

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from .base import Item, Line, Model, Text


class Section(Model):
    title: Line
    text: Text
    sources: list[Line] = Field(default=[], description="Tags of the references it rests on.")


class Guide(Item):
    """Prose: tips, honest benefits, stop signals."""

    kind: Literal["guide"] = "guide"
    summary: Text
    sections: list[Section] = Field(min_length=1)
    references: dict[Line, Text] = Field(
        default={},
        validate_default=True,  # a guide that cites without any references is checked too
        description="What each source tag of the sections cites: tag -> author, title, where.",
    )

    @field_validator("references")
    @classmethod
    def _every_tag_cited(cls, references: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        for section in info.data.get("sections", []):
            missing = [tag for tag in section.sources if tag not in references]
            if missing:
                raise ValueError(
                    f"section '{section.title}' cites {', '.join(missing)}, which references "
                    "does not give"
                )
        return references

    def cited(self) -> list[tuple[str, str]]:
        """The references the sections cite, in the order they are first cited."""
        tags = dict.fromkeys(tag for section in self.sections for tag in section.sources)
        return [(tag, self.references[tag]) for tag in tags if tag in self.references]
