import ArgumentParser
import Foundation
import PaperCheck

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the facts papercheck extracts from a PDF, for writing and debugging rules."
    )

    @Argument(help: "A PDF file, or a member of a zip archive (archive.zip!/101/paper.pdf).", completion: .file(extensions: ["pdf"]))
    var path: String

    @Flag(name: .long, help: "Print every fact as JSON (pages, lines, words, fonts, analysis).")
    var json = false

    @Option(name: .long, help: "Password for encrypted PDFs.")
    var password: String?

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let (_, profile) = try ruleOptions.loadProfile(alone: true)
        let inspected: (facts: DocumentFacts, analysis: DocumentAnalysis)
        do {
            inspected = try PaperCheck.inspect(path: path, password: password, profile: profile)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.notCheckable.rawValue)
        }
        if json {
            struct Inspection: Encodable {
                let facts: DocumentFacts
                let analysis: DocumentAnalysis
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(Inspection(facts: inspected.facts, analysis: inspected.analysis))
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            print(InspectionText.render(inspected.facts, inspected.analysis))
        }
    }
}
