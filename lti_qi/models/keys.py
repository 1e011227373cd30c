"""The tool's own RSA signing keys, private halves encrypted at rest."""

from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, CreatedAtMixin


class ToolKey(CreatedAtMixin, Base):
    """An RSA key pair the tool signs with; exactly one is current (``retired_at`` is None)."""

    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_pem: Mapped[str] = mapped_column(Text)
    private_pem_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    retired_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        state = "current" if self.retired_at is None else f"retired {self.retired_at:%Y-%m-%d}"
        return f"<ToolKey {self.id} kid={self.kid} {state}>"
