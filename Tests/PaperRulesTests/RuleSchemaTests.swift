import Foundation
import Testing
@testable import PaperRules

/// schemas/rules.schema.json is generated from the check kinds; these tests keep the two together.
@Suite("generated rules schema")
struct RuleSchemaTests {
    static let schema = RuleSchema.generate()

    static var definitions: [String: JSONValue] { schema.objectValue?["$defs"]?.objectValue ?? [:] }

    static func member(_ value: JSONValue?, _ keys: String...) -> JSONValue? {
        keys.reduce(value) { $0?.objectValue?[$1] }
    }

    static func names(_ value: JSONValue?) -> Set<String> {
        Set(value?.objectValue?.keys.map { $0 } ?? [])
    }

    @Test("the committed schemas/rules.schema.json is the generated one")
    func committedFileIsGenerated() throws {
        let file = try String(contentsOf: RuleSetTests.repositoryRoot.appendingPathComponent("schemas/rules.schema.json"), encoding: .utf8)
        #expect(file == RuleSchema.text(), "run make schema")
    }

    @Test("the rendered schema parses back to the generated value")
    func renderingRoundTrips() throws {
        #expect(try JSONParser.parse(Data(RuleSchema.text().utf8)) == Self.schema)
        #expect(RuleSchema.render(.object(["b": [1, 2.5, "x", .null, true], "a": [:], "c": []])) ==
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2.5,\n    \"x\",\n    null,\n    true\n  ],\n  \"c\": []\n}")
    }

    @Test("every kind appears: in the check enum, with its own definition and one branch by check")
    func everyKindAppears() throws {
        let rule = Self.definitions["rule"]
        let names = CheckRegistry.kinds.map { JSONValue.string($0.name) }
        #expect(Self.member(rule, "properties", "check", "enum") == .array(names))
        let branches = try #require(Self.member(rule, "allOf")?.arrayValue)
        #expect(branches.map { Self.member($0, "if", "properties", "check", "const") } == names)
        for kind in CheckRegistry.kinds {
            let name = RuleSchema.definitionName(of: kind)
            #expect(Self.definitions[name] != nil, "no definition for \(kind.name)")
            #expect(branches.contains { Self.member($0, "then", "$ref") == .string("#/$defs/" + name) })
        }
    }

    @Test("each kind's parameters are exactly its specs, required ones required, nested objects closed")
    func parametersFollowTheSpecs() throws {
        for kind in CheckRegistry.kinds {
            let parameters = try #require(Self.member(Self.definitions[RuleSchema.definitionName(of: kind)], "properties", "parameters"))
            #expect(Self.names(Self.member(parameters, "properties")) == Set(kind.parameterSpecs.map(\.name)), "\(kind.name)")
            #expect(Self.member(parameters, "additionalProperties") == .bool(false))
            let required = kind.parameterSpecs.filter { if case .required = $0.presence { true } else { false } }.map(\.name)
            #expect(Self.member(parameters, "required") == (required.isEmpty ? nil : .array(required.map(JSONValue.string))), "\(kind.name)")
            for spec in kind.parameterSpecs {
                let property = Self.member(parameters, "properties", spec.name)
                #expect(Self.member(property, "default") == spec.defaultValue, "\(kind.name).\(spec.name)")
                if case let .object(members) = spec.type {
                    #expect(Self.names(Self.member(property, "properties")) == Set(members.map(\.name)))
                    #expect(Self.member(property, "additionalProperties") == .bool(false))
                }
            }
        }
    }

    @Test("each kind's messages are its variants other than main; its placeholders are named")
    func messagesFollowTheKinds() throws {
        for kind in CheckRegistry.kinds {
            let definition = Self.definitions[RuleSchema.definitionName(of: kind)]
            let messages = Self.member(definition, "properties", "messages")
            #expect(Self.names(Self.member(messages, "properties")) == Set(kind.defaultMessages.keys).subtracting(["main"]), "\(kind.name)")
            #expect(Self.member(messages, "additionalProperties") == .bool(false))
            let description = Self.member(definition, "properties", "message", "description")?.stringValue ?? ""
            for placeholder in kind.messagePlaceholders {
                #expect(description.contains("{\(placeholder)}"), "\(kind.name) does not name {\(placeholder)}")
            }
        }
    }

    @Test("the file and profile keys are the parser's; overrides require only an id and cannot name a check")
    func fileAndProfileFollowTheParser() throws {
        #expect(Self.names(Self.member(Self.schema, "properties")) == RuleSetParser.fileKeys)
        #expect(Self.names(Self.member(Self.definitions["profile"], "properties")) == RuleSetParser.profileKeys)
        let override = Self.definitions["override"]
        #expect(Self.member(override, "required") == ["id"])
        #expect(!Self.names(Self.member(override, "properties")).contains("check"))
        #expect(Self.names(Self.member(override, "properties")).union(["check"]) == Self.names(Self.member(Self.definitions["rule"], "properties")))
    }
}
