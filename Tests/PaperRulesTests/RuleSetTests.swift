import Foundation
import Testing
@testable import PaperRules

@Suite("rules.json")
struct RuleSetTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the built-in rule set is the rules.json at the repository root")
    func embeddedCopyMatchesFile() throws {
        let file = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("rules.json"), encoding: .utf8)
        #expect(DefaultRules.json == file, "run `make embed` after editing rules.json")
    }

    @Test("a template's doubled braces are literal braces, and a name without a value stays as written")
    func templateFilling() {
        let template = #"\usepackage{{geometry}} {name} {unknown} {a{b} }} é{name}é"#
        #expect(Rule.fill(template, with: ["name": "N", "b": "B"]) == #"\usepackage{geometry} N {unknown} {aB } éNé"#)
        #expect(Rule.placeholders(in: template) == ["name", "unknown", "b", "name"])
    }

    @Test("the built-in profiles resolve, with vdl2016 as the default")
    func builtInProfiles() throws {
        let rules = try RuleSet.builtIn()
        #expect(rules.defaultProfileID == "vdl2016")
        #expect(Set(rules.profiles.map(\.id)) == ["icml2016", "icml2016-camera-ready", "vdl2016"])
        let submission = try #require(rules.profile("icml2016"))
        #expect(submission.rule("review-notice") != nil)
        #expect(submission.rule("no-acknowledgements") != nil)
        let cameraReady = try #require(rules.profile("icml2016-camera-ready"))
        #expect(cameraReady.rule("review-notice") == nil)
        #expect(cameraReady.rule("no-line-numbers")?.severity == .error)
        let workshop = try #require(rules.profile(nil))
        #expect(workshop.rule("anonymous-author") == nil)
        // The override changes one parameter and keeps the inherited ones.
        let pageLimit = try #require(workshop.rule("page-limit")?.definition.objectValue?["parameters"]?.objectValue)
        #expect(pageLimit["maxTotalPages"] == .number(9))
        #expect(pageLimit["maxBodyPages"] == .number(8))
    }

    @Test("one built-in profile decoded alone is the profile of the whole set")
    func builtInProfileAlone() throws {
        let whole = try RuleSet.builtIn()
        for id in whole.profiles.map(\.id) + [nil] {
            let alone = try #require(RuleSet.builtIn(only: id), "\(id ?? "default") did not decode alone")
            #expect(alone.profiles.count == 1)
            let profile = try #require(alone.profile(id)), expected = try #require(whole.profile(id))
            #expect(profile.id == expected.id && profile.title == expected.title && profile.extends == expected.extends)
            #expect(profile.rules.map(\.id) == expected.rules.map(\.id))
            #expect(profile.rules.map(\.definition) == expected.rules.map(\.definition))
            #expect(profile.rules.map(\.sourcePath) == expected.rules.map(\.sourcePath))
            #expect(profile.digest == expected.digest)
        }
        #expect(RuleSet.builtIn(only: "no-such-profile") == nil)
    }

    @Test("every rule has a hint and a reference, and every {placeholder} is one its check fills")
    func rulesDescribeThemselves() throws {
        for profile in try RuleSet.builtIn().profiles {
            for rule in profile.rules {
                let kind = try #require(CheckRegistry.kind(named: rule.check))
                #expect(!rule.hint.isEmpty, "\(rule.id) has no hint")
                #expect(!rule.reference.isEmpty, "\(rule.id) has no reference")
                let templates = [rule.message] + Array(rule.messages.values)
                for name in templates.flatMap(Rule.placeholders(in:)) {
                    #expect(kind.placeholders.contains(name), "\(rule.id): {\(name)} is not filled by \(rule.check)")
                }
            }
        }
    }

    @Test("every check kind's default messages use only its own placeholders and parameters")
    func defaultMessagesUseKnownPlaceholders() {
        for kind in CheckRegistry.kinds {
            for template in kind.defaultMessages.values {
                for name in Rule.placeholders(in: template) {
                    #expect(kind.messagePlaceholders.contains(name), "\(kind.name): {\(name)}")
                }
            }
        }
    }

    @Test("a bad rules file names the JSON path of the bad value", arguments: [
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "pageSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {"width": 1, "height": 2, "tolerance": "three"}}]}]}"#,
         "profiles[0].rules[0].parameters.tolerance: expected a number"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "pageSise", "severity": "error", "hint": "h", "reference": "r"}]}]}"#,
         "profiles[0].rules[0].check: unknown check 'pageSise'"),
        (#"{"schemaVersion": 2, "default": "a", "profiles": []}"#, "schemaVersion: version 2 is not supported"),
        (#"{"schemaVersion": 1, "default": "b", "profiles": [{"id": "a", "rules": []}]}"#, "default: no profile has the id 'b'"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "extends": "a"}]}"#, "profiles[0].extends: profiles extend each other in a loop"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "fileSize", "severity": "fatal", "hint": "h", "reference": "r", "parameters": {"maxBytes": 1}}]}]}"#,
         "profiles[0].rules[0].severity: unknown severity"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "fileSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {}}]}]}"#,
         "profiles[0].rules[0].parameters.maxBytes: required parameter is missing"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [], "remove": ["nope"]}]}"#,
         "profiles[0].remove[0]: no inherited rule has the id 'nope'"),
        ("{not json", "not valid JSON"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "pageSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {"width": 1e308, "height": 792, "tolerance": 1}}]}]}"#,
         "profiles[0].rules[0].parameters.width: expected a number from 1 to 14400 (pt), found the number 1e+308"),
        (#"{"schemaVersion": 1, "default": "a", "profiles": [{"id": "a", "rules": [{"id": "x", "check": "pageSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {"width": 612, "height": 792, "tolerance": -3}}]}]}"#,
         "profiles[0].rules[0].parameters.tolerance: expected a number from 0 to 100 (pt), found the number -3"),
    ])
    func badRulesFile(json: String, expected: String) {
        #expect(throws: RuleSetError.self) { try RuleSet.decode(Data(json.utf8), file: "venue.json") }
        do {
            _ = try RuleSet.decode(Data(json.utf8), file: "venue.json")
        } catch {
            #expect(error.description.hasPrefix("venue.json: "))
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a user's venue file extends nothing and still works: A4, one column, 9 pages")
    func anotherVenueWithoutSwift() throws {
        let json = """
        {"schemaVersion": 1, "default": "venue", "profiles": [{"id": "venue", "title": "A venue", "rules": [
          {"id": "a4", "check": "pageSize", "severity": "error", "parameters": {"width": 595.28, "height": 841.89, "tolerance": 2},
           "message": "{measured} on pages {pages}", "hint": "use A4", "reference": "A4 paper."},
          {"id": "pages", "check": "pageCount", "severity": "error", "parameters": {"maxBodyPages": 9, "maxTotalPages": 12},
           "hint": "shorten", "reference": "9 pages."},
          {"id": "cols", "check": "columns", "severity": "error", "parameters": {"count": 1}, "hint": "one column", "reference": "One column."}
        ]}]}
        """
        let rules = try RuleSet.decode(Data(json.utf8))
        let profile = try #require(rules.profile(nil))
        let facts = ExampleFacts.document([ExampleFacts.twoColumnPage(1)])
        let report = Evaluator.evaluate(facts, profile: profile)
        #expect(Set(report.findings.map(\.ruleId)) == ["a4", "cols"])
        #expect(report.findings.first { $0.ruleId == "a4" }?.message == "612 x 792 pt on pages 1")
        #expect(report.status == .fail)
    }
}

@Suite("rules.schema.json")
struct RulesSchemaTests {
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: RuleSetTests.repositoryRoot.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the schema lists exactly the check kinds papercheck knows")
    func checkKindsMatch() throws {
        let schema = try Self.load("schemas/rules.schema.json")
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let rule = try #require(definitions["rule"] as? [String: Any])
        let properties = try #require(rule["properties"] as? [String: Any])
        let check = try #require(properties["check"] as? [String: Any])
        #expect(Set(check["enum"] as? [String] ?? []) == Set(CheckRegistry.kinds.map { $0.name }))
    }

    @Test("every rule in rules.json has the schema's required keys and no others")
    func rulesFileFollowsTheSchema() throws {
        let schema = try Self.load("schemas/rules.schema.json")
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let ruleSchema = try #require(definitions["rule"] as? [String: Any])
        let required = Set(ruleSchema["required"] as? [String] ?? [])
        let allowed = Set((ruleSchema["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        let profileKeys = Set(((definitions["profile"] as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        let rules = try Self.load("rules.json")
        #expect(rules["schemaVersion"] as? Int == RuleSet.supportedSchemaVersion)
        for profile in rules["profiles"] as? [[String: Any]] ?? [] {
            #expect(Set(profile.keys).isSubset(of: profileKeys))
            for rule in (profile["rules"] as? [[String: Any]] ?? []) + (profile["add"] as? [[String: Any]] ?? []) {
                let keys = Set(rule.keys)
                #expect(required.isSubset(of: keys), "\(rule["id"] ?? "?") lacks \(required.subtracting(keys))")
                #expect(keys.isSubset(of: allowed), "\(rule["id"] ?? "?") has \(keys.subtracting(allowed))")
            }
        }
    }
}
