"""Chinese first, English switchable at run time: Qt translators from `assets/i18n`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from simulator.ui.kit.assets import I18N_DIR

LANGUAGES = {"zh": "中文", "en": "English"}


class Translations:
    """Installs our translator (and Qt's own for dialogs) for the chosen language.

    The source strings are English; Chinese is the translation loaded by default. Installing
    a translator makes Qt send `LanguageChange` to every widget, which re-reads its texts.
    """

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def set_language(self, language: str) -> bool:
        """Switch to `language` ("zh" or "en"); returns whether its translations loaded."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = language
        if language != "zh":
            QLocale.setDefault(QLocale(QLocale.Language.English))
            return True
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        ours = QTranslator()
        if not ours.load(str(I18N_DIR / "zh_CN.qm")):
            return False
        qt_own = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qt_own)
            self._installed.append(qt_own)
        app.installTranslator(ours)
        self._installed.append(ours)
        return True
