//! Language identification of the article body.

/// The ISO 639-1 code of the language of `text`, when it can be told.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    Some(iso639_1(info.lang()).to_string())
}

/// ISO 639-1 code of a whatlang language (ISO 639-3 where no two-letter code exists).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Ind => "id",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ara => "ar",
        Tur => "tr",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Hin => "hi",
        Tgl => "tl",
        Jav => "jv",
        other => other.code(),
    }
}
