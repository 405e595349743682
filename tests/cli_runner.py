"""Run the real command line in-process and capture what it prints (like click's CliRunner)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.cli import App


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class CliRunner:
    def invoke(self, app: App, args: Sequence[str]) -> Result:
        out, err = io.StringIO(), io.StringIO()
        exception: BaseException | None = None
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                app.main(list(args))
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
                exception = done if code else None
            except Exception as error:
                exception, code = error, 1
        return Result(code, out.getvalue(), err.getvalue(), exception)
