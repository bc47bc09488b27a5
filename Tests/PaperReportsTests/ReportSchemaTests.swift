import Foundation
import PaperFacts
import PaperRules
import Testing
@testable import PaperReports

/// The versioned schemas in `schemas/` against what papercheck really writes.
@Suite("report schemas")
struct ReportSchemaTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func jsonObject(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func declaredProperties(_ schema: [String: Any]) -> Set<String> {
        Set((schema["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }

    /// A report with every optional field filled, so that every key the encoder can write appears.
    static func fullReport() throws -> Report {
        let profile = try RendererGoldenTests.sampleProfile()
        let finding = Finding(ruleId: "margins", check: "contentWithin", severity: .error, message: "m", page: 2,
                              pages: [2, 3], box: Box(x0: 1, y0: 2, x1: 3, y1: 4), text: "t", values: ["a": "b"],
                              hint: "h", reference: "r", waived: true, waiver: "why",
                              measured: Quantity(4, .pt), expected: Quantity(3, .pt),
                              measuredSize: Dimensions(width: 612, height: 792),
                              expectedSize: Dimensions(width: 595.28, height: 841.89), side: .right)
        var file = FileReport(path: "a.pdf", status: .pass, pages: 3, findings: [finding], errorCode: "c", error: "e",
                              summary: FileSummary(pageSize: "612 x 792 pt", bodyFont: "Times", bodyFontSize: 10,
                                                   baselineStep: 12, columns: 2, bodyPages: 3, lineNumbers: false, fonts: 4),
                              durationMilliseconds: 5)
        file.sha256 = String(repeating: "0", count: 64)
        file.duplicateOf = "b.pdf"
        return Report(toolVersion: "t", profile: profile, rulesSchemaVersion: 1, files: [file], notices: [finding])
    }

    @Test("report.schema.json declares every key the JSON renderer writes")
    func reportSchemaCoversTheEncoder() throws {
        let schema = try Self.jsonObject(Self.repositoryRoot.appendingPathComponent("schemas/report.schema.json"))
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let rendered = JSONReportRenderer().render(try Self.fullReport())
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        let file = try #require((report["files"] as? [[String: Any]])?.first)
        let finding = try #require((file["findings"] as? [[String: Any]])?.first)
        let pairs: [(written: [String: Any]?, declared: [String: Any]?, name: String)] = [
            (report, schema, "report"),
            (report["summary"] as? [String: Any], (schema["properties"] as? [String: Any])?["summary"] as? [String: Any], "summary"),
            (file, definitions["file"] as? [String: Any], "file"),
            (file["summary"] as? [String: Any], definitions["fileSummary"] as? [String: Any], "fileSummary"),
            (finding, definitions["finding"] as? [String: Any], "finding"),
        ]
        for (written, declared, name) in pairs {
            let keys = Set(try #require(written, "\(name) missing in the output").keys)
            let properties = Self.declaredProperties(try #require(declared, "\(name) missing in the schema"))
            #expect(keys.subtracting(properties).isEmpty, "\(name): \(keys.subtracting(properties).sorted()) not in report.schema.json")
        }
    }

    @Test("the sample waivers file decodes")
    func sampleWaiversDecode() throws {
        let set = try WaiverSet.load(path: Self.repositoryRoot.appendingPathComponent("schemas/examples/waivers.json").path)
        #expect(set.waivers.count == 2)
    }

    /// Runs Scripts/validate-reports.sh when python3 and its validators are importable; without
    /// them it only says it skipped, so `swift test` needs no Python packages.
    @Test("Scripts/validate-reports.sh passes on the goldens")
    func validationScript() throws {
        let probe = try Self.run(["python3", "-c", "import check_jsonschema, sarif_om, junitparser, xmlschema"])
        guard probe.status == 0 else {
            print("skipped: validate-reports.sh needs python3 with check-jsonschema, sarif-om, junitparser and xmlschema")
            return
        }
        let result = try Self.run(["bash", Self.repositoryRoot.appendingPathComponent("Scripts/validate-reports.sh").path, "--no-install"])
        #expect(result.status == 0, "validate-reports.sh failed:\n\(result.output)")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (127, "\(error)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
