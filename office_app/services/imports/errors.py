"""Why a file cannot be imported at all: nothing was written. The messages are Chinese and
name the file."""

from __future__ import annotations


class ImportFileError(Exception):
    """The file cannot be used at all: nothing was written. The message names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingColumns(ImportFileError):
    """Required columns are not in the header. Nothing was written."""

    def __init__(
        self,
        missing_labels: list[str],
        found_header: list[str],
        *,
        file_name: str = "",
        hint: str = "",
    ) -> None:
        self.missing_labels = list(missing_labels)
        self.found_header = list(found_header)
        self.file_name = file_name
        self.hint = hint
        found = ", ".join(h for h in found_header if h) or "无"
        message = f"缺少必需的列：{'、'.join(missing_labels)}（文件中的列：{found}）"
        if file_name:
            message = f"{file_name}：{message}"
        if hint:
            message = f"{message}。{hint}"
        super().__init__(message)


__all__ = ["ImportFileError", "MissingColumns"]
