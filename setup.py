"""Builds the optional compiled loops of the text layer (`rasd._kernels`); without a C compiler the
package installs anyway and `rasd.scan` uses the same functions written in plain Python."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """A failed compile is a warning, not a failed install: the pure-Python path gives the same results."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure
            print(f"warning: rasd._kernels not compiled ({exc}); using the pure-Python text loops")

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            print(f"warning: {ext.name} not compiled ({exc}); using the pure-Python text loops")


setup(
    ext_modules=[Extension("rasd._kernels", ["src/rasd/_kernels.pyx"], optional=True)],
    cmdclass={"build_ext": OptionalBuildExt},
)
