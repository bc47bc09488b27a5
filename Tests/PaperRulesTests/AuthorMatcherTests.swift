import PaperFacts
@testable import PaperRules
import Testing

/// The `--authors` matcher: tolerant to case, diacritics, initials and line breaks; never a surname alone.
@Suite("author matcher")
struct AuthorMatcherTests {
    static let authors = KnownAuthors(row: "row 2", names: ["Nir Ben Zrihem", "Müller, Jörg", "Jane van der Berg"],
                                      emails: ["bentzinir@gmail.com"], file: "authors.csv")

    static func found(_ text: String) -> [String] {
        AuthorMatcher(authors).matches(in: [AuthorMatcher.Source(place: "page 1", page: 1, text: text)]).map(\.text)
    }

    @Test(arguments: [
        ("by Nir Ben Zrihem and others", ["Nir Ben Zrihem"]),
        ("N. Ben Zrihem wrote", ["N. Ben Zrihem"]),
        ("see Ben Zrihem, N. for", ["Ben Zrihem, N"]),
        ("thanks to JORG MULLER", ["JORG MULLER"]),
        ("thanks to Jörg\nMüller", ["Jörg\nMüller"]),
        ("J. van der Berg and", ["J. van der Berg"]),
        ("mail BENTZINIR@GMAIL.\nCOM today", ["BENTZINIR@GMAIL.\nCOM"]),
        ("mail {bentzinir,bob}@gmail.com", ["{bentzinir,bob}@gmail.com"]),
    ])
    func finds(text: String, expected: [String]) {
        #expect(Self.found(text) == expected)
    }

    @Test(arguments: [
        "as Ben Zrihem et al. (2015) showed",
        "(Ben Zrihem, 2015)",
        "Müller showed it",
        "a Müller matrix",
        "N. Ben Zrihem et al. (2015) showed",
        "bentzinir at gmail",
    ])
    func leavesAlone(text: String) {
        #expect(Self.found(text).isEmpty)
    }
}
