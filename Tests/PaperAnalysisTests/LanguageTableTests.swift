import Testing
@testable import PaperAnalysis

/// The compiled profile tables (`CLanguageProfiles`, from `Scripts/language/build_tables.py`) must
/// hold every language the catalogue scores by profile, in catalogue order, with keys the scorer
/// finds. CI also runs `build_tables.py --check`, which fails when the tables are stale.
@Suite("Compiled language tables")
struct LanguageTableTests {
    @Test func everyProfiledLanguageHasItsColumnInCatalogueOrder() throws {
        let model = LanguageModel.embedded
        for group in [LanguageScriptGroup.latin, .cyrillic, .arabic] {
            let tables = try #require(model.groups[group], "no tables for \(group)")
            let expected = LanguageCatalog.all.indices.filter { LanguageCatalog.all[$0].group == group }
            #expect(tables.languages == expected)
            #expect(tables.trigramEntropy.allSatisfy { $0 > 0 })
        }
    }

    @Test func commonWordsAndTrigramsAreListedByTheirLanguage() throws {
        let latin = try #require(LanguageModel.embedded.groups[.latin])
        let englishIndex = try #require(LanguageCatalog.index(of: "en")), germanIndex = try #require(LanguageCatalog.index(of: "de"))
        let english = try #require(latin.languages.firstIndex(of: englishIndex))
        let german = try #require(latin.languages.firstIndex(of: germanIndex))
        var totals = [Int32](repeating: 0, count: latin.languages.count)
        let the = latin.words.accumulate(key: ProfileKeys.word("the".unicodeScalars), into: &totals)
        #expect(the & (1 << UInt32(english)) != 0)
        let und = latin.words.accumulate(key: ProfileKeys.word("und".unicodeScalars), into: &totals)
        #expect(und & (1 << UInt32(german)) != 0)
        let boundary = ProfileKeys.wordBoundary
        let trigram = latin.trigrams.accumulate(key: ProfileKeys.trigram(boundary, "t", "h"), into: &totals)
        #expect(trigram & (1 << UInt32(english)) != 0)
        // A key no profile lists costs every language its miss cost and is listed by none.
        var missed = [Int32](repeating: 0, count: latin.languages.count)
        #expect(latin.words.accumulate(key: ProfileKeys.word("qqqzzzxxy".unicodeScalars), into: &missed) == 0)
        #expect(missed.allSatisfy { $0 > 0 })
    }
}
