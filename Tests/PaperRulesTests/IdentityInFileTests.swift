import Foundation
import PaperFacts
@testable import PaperRules
import Testing

/// What counts as a file name, a user folder and an address in the file's strings, and how the two
/// object checks word and rate their findings.
@Suite("identity in file")
struct IdentityInFileTests {
    @Test("titles that are file names or paths", arguments: [
        "Microsoft Word - smith_icml.docx", "paper.tex", "main.pdf", "C:\\Users\\ada\\paper.docx", "/home/ada/icml/paper",
        "smith icml final.docx", "Microsoft PowerPoint - talk",
    ])
    func fileNames(_ title: String) {
        #expect(FileIdentityText.isFileName(title))
    }

    @Test("titles that are titles", arguments: [
        "", "Calibrated Curriculum Sampling for Learning with Noisy Labels", "Deep Residual Learning", "A Study of .tex Files",
        "Learning 3.5 Times Faster", "Ph.D. Thesis", "Go/No-Go Decisions in RL",
    ])
    func titles(_ title: String) {
        #expect(!FileIdentityText.isFileName(title))
    }

    @Test("user folders name their user", arguments: [
        ("/Users/jsmith/papers/icml.tex", "jsmith"), ("dvips /home/ada/work/paper.dvi", "ada"),
        ("C:\\Users\\jsmith\\Documents\\paper.docx", "jsmith"), ("C:\\Documents and Settings\\Bob\\x.doc", "Bob"),
        ("~alan/tex/paper.tex", "alan"), ("file:///home/grace/paper.tex", "grace"),
    ])
    func userFolders(_ pair: (String, String)) {
        #expect(FileIdentityText.userFolder(in: pair.0) == pair.1)
    }

    @Test("no user folder", arguments: [
        "pdfTeX-1.40.24", "LaTeX with hyperref", "Microsoft® Word for Microsoft 365", "GPL Ghostscript 9.54",
        "a trip ~ 2 hours", "see /home/ later", "Acrobat Distiller 10.0 (Windows)",
    ])
    func noUserFolder(_ text: String) {
        #expect(FileIdentityText.userFolder(in: text) == nil)
    }

    @Test func emailAddresses() {
        #expect(FileIdentityText.emailAddress(in: "Contact: <jane@example.edu>") == "jane@example.edu")
        #expect(FileIdentityText.emailAddress(in: "mailto:bob@cs.example.org") == "bob@cs.example.org")
        #expect(FileIdentityText.emailAddress(in: "5 Results @ scale") == nil)
        #expect(FileIdentityText.emailAddress(in: "user@localhost") == nil)
    }

    static func outcomes(_ metadata: DocumentMetadata, _ objects: DocumentObjects) throws -> [CheckOutcome] {
        let example = CheckExample("t", parameters: [:], facts: DocumentFacts(path: "t.pdf", metadata: metadata,
                                                                            pages: [ExampleFacts.twoColumnPage(1)], fonts: [], objects: objects))
        return try IdentityInFileCheck.outcomes(of: example)
    }

    @Test("a generic user's folder (a build machine) is no one's; a bookmark with an author's name is")
    func genericUsersAndBookmarks() throws {
        #expect(try Self.outcomes(DocumentMetadata(producer: "/home/runner/work/x.tex"), DocumentObjects()).isEmpty)
        let named = try Self.outcomes(DocumentMetadata(author: "Anonymous"),
                                      DocumentObjects(xmp: [XMPEntry(property: "dc:creator", value: "Jane Smith")],
                                                      outline: [OutlineEntry(title: "Jane Smith's appendix")]))
        #expect(named.map(\.variant) == ["main", "bookmark"])
        #expect(named.last?.text == "Jane Smith's appendix")
    }


    @Test("a title that is a path is one finding, not one per way it leaks")
    func pathTitleOnce() throws {
        let outcomes = try Self.outcomes(DocumentMetadata(title: "C:\\Users\\jsmith\\paper.docx", creator: "/Users/jsmith/bin/tex"),
                                         DocumentObjects())
        #expect(outcomes.map(\.variant) == ["fileNameTitle", "userPath"])
        #expect(outcomes.last?.values["field"] == "/Creator")
    }

    @Test("active content: a kind the rule lists under errors is an error, the others keep the rule's severity")
    func activeSeverity() throws {
        let facts = DocumentFacts(path: "t.pdf", metadata: DocumentMetadata(), pages: [ExampleFacts.twoColumnPage(1)], fonts: [],
                                  objects: DocumentObjects(fileScan: FileScanFacts(nameCounts: ["XFA": 1, "SubmitForm": 2])))
        let outcomes = try ActiveContentCheck.outcomes(of: CheckExample("t", parameters: ["errors": ["xfa"]], facts: facts))
        #expect(outcomes.map(\.variant) == ["submitForm", "xfa"])
        #expect(outcomes.map(\.severity) == [nil, .error])
        #expect(outcomes.first?.values["where"] == "2 SubmitForm actions")
    }
}

/// Hints by variant and producer family: the most specific key that fits wins.
@Suite("variant hints")
struct VariantHintTests {
    static let rules = #"""
        {"schemaVersion": 1, "default": "p", "profiles": [{"id": "p", "title": "p", "rules": [
          {"id": "leak", "check": "identityInFile", "severity": "error", "message": "m", "reference": "r",
           "hint": "any", "hints": {"word": "word", "mailto": "mailto", "mailto.latex": "mailto latex"}}]}]}
        """#

    static func hint(_ variant: String, _ producer: Producer?) throws -> String {
        let rule = try #require(try RuleSet.decode(Data(rules.utf8), file: "t.json").profile("p")?.rules.first)
        return rule.hintTemplate(variant: variant, producer: producer)
    }

    @Test func mostSpecificWins() throws {
        #expect(try Self.hint("mailto", .latex) == "mailto latex")
        #expect(try Self.hint("mailto", .word) == "mailto")
        #expect(try Self.hint("mailto", nil) == "mailto")
        #expect(try Self.hint("attachment", .word) == "word")
        #expect(try Self.hint("attachment", .latex) == "any")
    }

    @Test func unknownKeysAreRefused() {
        let bad = Self.rules.replacingOccurrences(of: "\"mailto.latex\"", with: "\"mailtoo.latex\"")
        #expect(throws: RuleSetError.self) { try RuleSet.decode(Data(bad.utf8), file: "t.json") }
    }
}
