import Foundation
import Testing
@testable import PaperRules

/// The file and profile level of a rules file: its keys, ids, and a user's file over the built-in rules.
@Suite("rules file over the built-in rules")
struct RuleFileTests {
    /// The example of the issue: a profile that extends a built-in one by id and changes one parameter.
    static let mine = #"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","override":[{"id":"page-limit","parameters":{"maxBodyPages":6}}]}]}"#

    static func overBuiltIns(_ json: String) throws(RuleSetError) -> RuleSet {
        try RuleSet.decode(Data(json.utf8), file: "user.json", beneath: RuleSet.builtIn())
    }

    static func parameters(_ rule: Rule?) -> [String: JSONValue] {
        rule?.definition.objectValue?["parameters"]?.objectValue ?? [:]
    }

    @Test("a user's profile extends a built-in one by id; the built-in profiles follow the file's")
    func userProfileExtendsBuiltIn() throws {
        let builtIn = try RuleSet.builtIn()
        let rules = try Self.overBuiltIns(Self.mine)
        #expect(rules.profiles.map(\.id) == ["mine", "icml2016", "icml2016-camera-ready", "vdl2016"])
        #expect(rules.defaultProfileID == "mine")
        let mine = try #require(rules.profile(nil))
        let icml = try #require(builtIn.profile("icml2016"))
        #expect(mine.id == "mine" && mine.extends == "icml2016" && !mine.isBuiltIn && !mine.replacesBuiltIn)
        #expect(mine.rules.map(\.id) == icml.rules.map(\.id))
        // The inherited rules come with their definitions; the override merges into the parameters.
        #expect(mine.rule("margins")?.definition == icml.rule("margins")?.definition)
        #expect(mine.rule("review-notice")?.hint == icml.rule("review-notice")?.hint)
        #expect(Self.parameters(mine.rule("page-limit"))["maxBodyPages"] == .number(6))
        #expect(Self.parameters(mine.rule("page-limit"))["maxTotalPages"] == .number(10))
        #expect(mine.digest != icml.digest)
        for id in ["icml2016", "icml2016-camera-ready", "vdl2016"] {
            let profile = try #require(rules.profile(id))
            #expect(profile.isBuiltIn && !profile.replacesBuiltIn)
            #expect(profile.digest == builtIn.profile(id)?.digest)
        }
    }

    @Test("RuleSet.decode without a base stays self-contained; load(path:) reads beneath the built-in rules")
    func selfContainedAndLoaded() throws {
        #expect {
            _ = try RuleSet.decode(Data(Self.mine.utf8), file: "user.json")
        } throws: { error in
            (error as? RuleSetError)?.description.hasPrefix("user.json: profiles[0].extends: no profile has the id 'icml2016'") == true
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("user-rules-\(UUID().uuidString).json")
        try Data(Self.mine.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let loaded = try RuleSet.load(path: file.path)
        #expect(loaded.profiles.map(\.id) == ["mine", "icml2016", "icml2016-camera-ready", "vdl2016"])
        #expect(throws: RuleSetError.self) { try RuleSet.load(path: file.path, beneathBuiltIns: false) }
    }

    @Test("a user's profile with a built-in's id replaces it; built-in profiles keep their own parents")
    func userProfileReplacesBuiltIn() throws {
        let json = #"""
        {"schemaVersion": 1, "default": "venue", "profiles": [
          {"id": "icml2016", "title": "Mine", "rules": [{"id": "size", "check": "fileSize", "severity": "error", "hint": "h", "reference": "r", "parameters": {"maxBytes": 5}}]},
          {"id": "venue", "extends": "icml2016"}
        ]}
        """#
        let rules = try Self.overBuiltIns(json)
        #expect(rules.profiles.map(\.id) == ["icml2016", "venue", "icml2016-camera-ready", "vdl2016"])
        let replaced = try #require(rules.profile("icml2016"))
        #expect(replaced.title == "Mine" && replaced.replacesBuiltIn && !replaced.isBuiltIn)
        #expect(rules.profile("venue")?.rules.map(\.id) == ["size"])
        // The built-in vdl2016 extends the built-in icml2016, not the file's.
        #expect(rules.profile("vdl2016")?.digest == (try RuleSet.builtIn()).profile("vdl2016")?.digest)
    }

    @Test("a profile that extends its own id starts from the built-in profile it replaces")
    func profileExtendsTheBuiltInItReplaces() throws {
        let json = #"{"schemaVersion": 1, "default": "vdl2016", "profiles": [{"id": "vdl2016", "extends": "vdl2016", "override": [{"id": "page-limit", "parameters": {"maxTotalPages": 10}}]}]}"#
        let rules = try Self.overBuiltIns(json)
        let workshop = try #require(rules.profile(nil))
        let builtInCount = try RuleSet.builtIn().profile("vdl2016")?.rules.count
        #expect(workshop.replacesBuiltIn && workshop.rules.count == builtInCount)
        #expect(Self.parameters(workshop.rule("page-limit"))["maxTotalPages"] == .number(10))
        #expect(Self.parameters(workshop.rule("page-limit"))["maxBodyPages"] == .number(8))
        #expect(rules.profiles.filter { $0.id == "vdl2016" }.count == 1)
        // Without profiles beneath, extending itself is still a loop.
        #expect(throws: RuleSetError.self) { try RuleSet.decode(Data(json.utf8)) }
    }

    @Test("a bad file or profile is one line naming the file and the JSON path", arguments: [
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extend":"icml2016"}]}"#,
         "user.json: profiles[0].extend: unknown key 'extend' (did you mean 'extends'? expected one of: add, extends, id, override, remove, rules, source, title)"),
        (#"{"schemaVersion":1,"default":"mine","defualt":"mine","profiles":[{"id":"mine","extends":"icml2016"}]}"#,
         "user.json: defualt: unknown key 'defualt' (did you mean 'default'? expected one of: $schema, default, profiles, schemaVersion)"),
        (#"{"schemaVersion":1,"default":"mine","profile":[]}"#, "user.json: profile: unknown key 'profile' (did you mean 'profiles'?"),
        (#"{"schemaVersion":1.7,"default":"mine","profiles":[{"id":"mine","extends":"icml2016"}]}"#,
         "user.json: schemaVersion: expected an integer, found 1.7"),
        (#"{"schemaVersion":"1","default":"mine","profiles":[{"id":"mine","extends":"icml2016"}]}"#,
         "user.json: schemaVersion: expected an integer, found a string"),
        (#"{"schemaVersion":1,"default":"My Venue","profiles":[{"id":"My Venue","extends":"icml2016"}]}"#,
         "user.json: profiles[0].id: 'My Venue' is not a valid id: use lower-case letters, digits and hyphens, not starting with a hyphen (^[a-z0-9][a-z0-9-]*$)"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","add":[{"id":"-x","check":"fileSize","severity":"error","hint":"h","reference":"r","parameters":{"maxBytes":1}}]}]}"#,
         "user.json: profiles[0].add[0].id: '-x' is not a valid id"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","override":[{"id":"Margins"}]}]}"#,
         "user.json: profiles[0].override[0].id: 'Margins' is not a valid id"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","override":[{"id":"page-count","parameters":{"maxBodyPages":6}}]}]}"#,
         "user.json: profiles[0].override[0].id: no inherited rule has the id 'page-count'"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","override":[{"id":"margins","check":"columns"}]}]}"#,
         "user.json: profiles[0].override[0].check: an override cannot change the check of 'margins' (contentWithin)"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","title":"Mine"}]}"#, "user.json: profiles[0]: profile 'mine' has no rules"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"vdl2016","remove":["file-size","margins","file-size"]}]}"#,
         "user.json: profiles[0].remove[2]: 'file-size' is already removed at remove[0]"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2061"}]}"#,
         "user.json: profiles[0].extends: no profile has the id 'icml2061' (did you mean 'icml2016'? profiles: mine, icml2016, icml2016-camera-ready, vdl2016)"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[]}"#, "user.json: profiles: expected at least one profile, found none"),
        (#"{"schemaVersion":1,"profiles":[{"id":"mine","extends":"icml2016"}]}"#, "user.json: default: required key is missing"),
        (#"{"schemaVersion":1,"default":"vdl2061","profiles":[{"id":"mine","extends":"icml2016"}]}"#,
         "user.json: default: no profile has the id 'vdl2061' (did you mean 'vdl2016'?"),
        (#"{"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016","source":7}]}"#,
         "user.json: profiles[0].source: expected a string, found a number"),
        (#"{"$schema":false,"schemaVersion":1,"default":"mine","profiles":[{"id":"mine","extends":"icml2016"}]}"#,
         "user.json: $schema: expected a string, found a boolean"),
    ])
    func badFile(json: String, expected: String) {
        do {
            _ = try Self.overBuiltIns(json)
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("the resolved dump is a self-contained rules file that reads back to the same rules")
    func resolvedDumpReadsBack() throws {
        for rules in [try RuleSet.builtIn(), try Self.overBuiltIns(Self.mine)] {
            let again = try RuleSet.decode(Data(rules.resolvedJSON().utf8), file: "dump.json")
            #expect(again.defaultProfileID == rules.defaultProfileID)
            #expect(again.profiles.map(\.id) == rules.profiles.map(\.id))
            #expect(again.profiles.map(\.digest) == rules.profiles.map(\.digest))
            #expect(again.profiles.map(\.title) == rules.profiles.map(\.title))
            #expect(again.profiles.map(\.source) == rules.profiles.map(\.source))
            #expect(again.profiles.allSatisfy { $0.extends == nil })
        }
        let one = try RuleSet.decode(Data(try Self.overBuiltIns(Self.mine).resolvedJSON(profile: "icml2016").utf8))
        #expect(one.profiles.map(\.id) == ["icml2016"] && one.defaultProfileID == "icml2016")
    }

    @Test("the parser's keys and id pattern are the schema's")
    func parserFollowsTheSchema() throws {
        let schema = try RulesSchemaTests.load("schemas/rules.schema.json")
        let definitions = try #require(schema["$defs"] as? [String: Any])
        func properties(_ object: Any?) -> [String: [String: Any]] {
            ((object as? [String: Any])?["properties"] as? [String: [String: Any]]) ?? [:]
        }
        #expect(Set(properties(schema).keys) == RuleSetParser.fileKeys)
        #expect(Set(properties(definitions["profile"]).keys) == RuleSetParser.profileKeys)
        #expect(properties(definitions["profile"])["id"]?["pattern"] as? String == RuleSetParser.idPattern)
        #expect(properties(definitions["rule"])["id"]?["pattern"] as? String == RuleSetParser.idPattern)
        #expect(properties(definitions["override"])["id"]?["pattern"] as? String == RuleSetParser.idPattern)
        #expect(properties(definitions["override"])["check"] == nil)
        for (id, valid) in [("icml2016-camera-ready", true), ("a", true), ("0-", true), ("-a", false), ("A", false),
                            ("a_b", false), ("", false), ("é", false), ("a b", false)] {
            #expect(RuleSetParser.isIdentifier(id) == valid, "\(id)")
        }
    }
}
