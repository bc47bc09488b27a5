import Foundation
import Testing
@testable import PaperRules

/// The mistakes a new user makes in a rules file (Fixtures/rules/broken, written by
/// Scripts/make-broken-rules.py with the expected path and words by hand): every one is refused
/// when the file loads, with its JSON path and what is allowed, never loaded to check something else.
@Suite("broken rules files")
struct BrokenRulesTests {
    /// One broken file and what its error must say.
    struct Mistake: Sendable, CustomTestStringConvertible {
        let file: String
        let path: String
        let says: String
        var testDescription: String { file }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/rules/broken")

    /// The rows of EXPECTED.tsv.
    static let mistakes: [Mistake] = {
        guard let table = try? String(contentsOf: folder.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8) else { return [] }
        return table.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Mistake(file: fields[0], path: fields.count > 1 ? fields[1] : "", says: fields.count > 2 ? fields[2] : "")
        }
    }()

    @Test("the table names every broken file, and there are many")
    func tableCoversTheFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Self.mistakes.map(\.file)))
        #expect(Self.mistakes.count >= 30)
    }

    @Test("each mistake is refused with its JSON path and what is allowed", arguments: mistakes)
    func mistakeIsRefused(_ mistake: Mistake) throws {
        let path = Self.folder.appendingPathComponent(mistake.file).path
        #expect(throws: RuleSetError.self) { try RuleSet.load(path: path) }
        do {
            _ = try RuleSet.load(path: path)
        } catch {
            #expect(error.description.hasPrefix("\(path): \(mistake.path): "), "\(error.description)")
            #expect(error.description.contains(mistake.says), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("the rules each broken file starts from load as they are (so the one change is what breaks it)")
    func unchangedRulesLoad() throws {
        _ = try RuleSet.decode(Data(DefaultRules.json.utf8), file: "venue.json")
    }
}
