import Foundation

/// How a language is told apart from the others: by its script alone, by
/// script rules (CJK), or by the statistical profiles of a shared script.
enum LanguageScriptGroup: Sendable, Equatable {
    case latin, cyrillic, arabic
    case greek, hebrew, devanagari
    case cjk
}

struct SupportedLanguage: Sendable {
    let code: String
    let name: String
    let group: LanguageScriptGroup
}

/// The languages the identifier can name. The order is the index used by the
/// profile tables and by the per-chunk scores.
enum LanguageCatalog {
    static let all: [SupportedLanguage] = [
        SupportedLanguage(code: "en", name: "English", group: .latin),
        SupportedLanguage(code: "cs", name: "Czech", group: .latin),
        SupportedLanguage(code: "da", name: "Danish", group: .latin),
        SupportedLanguage(code: "de", name: "German", group: .latin),
        SupportedLanguage(code: "es", name: "Spanish", group: .latin),
        SupportedLanguage(code: "et", name: "Estonian", group: .latin),
        SupportedLanguage(code: "fi", name: "Finnish", group: .latin),
        SupportedLanguage(code: "fr", name: "French", group: .latin),
        SupportedLanguage(code: "ga", name: "Irish", group: .latin),
        SupportedLanguage(code: "hr", name: "Croatian", group: .latin),
        SupportedLanguage(code: "hu", name: "Hungarian", group: .latin),
        SupportedLanguage(code: "id", name: "Indonesian", group: .latin),
        SupportedLanguage(code: "it", name: "Italian", group: .latin),
        SupportedLanguage(code: "lt", name: "Lithuanian", group: .latin),
        SupportedLanguage(code: "lv", name: "Latvian", group: .latin),
        SupportedLanguage(code: "nl", name: "Dutch", group: .latin),
        SupportedLanguage(code: "pl", name: "Polish", group: .latin),
        SupportedLanguage(code: "pt", name: "Portuguese", group: .latin),
        SupportedLanguage(code: "ro", name: "Romanian", group: .latin),
        SupportedLanguage(code: "sk", name: "Slovak", group: .latin),
        SupportedLanguage(code: "sl", name: "Slovenian", group: .latin),
        SupportedLanguage(code: "sv", name: "Swedish", group: .latin),
        SupportedLanguage(code: "tr", name: "Turkish", group: .latin),
        SupportedLanguage(code: "vi", name: "Vietnamese", group: .latin),
        SupportedLanguage(code: "ru", name: "Russian", group: .cyrillic),
        SupportedLanguage(code: "uk", name: "Ukrainian", group: .cyrillic),
        SupportedLanguage(code: "bg", name: "Bulgarian", group: .cyrillic),
        SupportedLanguage(code: "ar", name: "Arabic", group: .arabic),
        SupportedLanguage(code: "fa", name: "Persian", group: .arabic),
        SupportedLanguage(code: "el", name: "Greek", group: .greek),
        SupportedLanguage(code: "he", name: "Hebrew", group: .hebrew),
        SupportedLanguage(code: "hi", name: "Hindi", group: .devanagari),
        SupportedLanguage(code: "zh", name: "Chinese", group: .cjk),
        SupportedLanguage(code: "ja", name: "Japanese", group: .cjk),
        SupportedLanguage(code: "ko", name: "Korean", group: .cjk),
    ]

    static let indexByCode: [String: Int] = Dictionary(
        uniqueKeysWithValues: all.enumerated().map { ($0.element.code, $0.offset) })

    static func index(of code: String) -> Int? { indexByCode[code] }
}
