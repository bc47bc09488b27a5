import Testing
@testable import PaperRules

/// One example of one registered kind, named in the test output by both.
struct KindExample: Sendable, CustomTestStringConvertible {
    var kind: any CheckKind.Type
    var example: CheckExample

    var testDescription: String { "\(kind.name): \(example.summaryLine)" }

    /// Every example of every registered kind.
    static let all = CheckRegistry.kinds.flatMap { kind in kind.examples.map { KindExample(kind: kind, example: $0) } }
}

/// The worked examples the check kinds carry: each produces what it says, and together they cover
/// every kind's passing case and every message variant.
@Suite("check examples")
struct CheckExampleTests {
    /// Variants no example can produce, with the reason. Empty: every variant has one.
    static let exemptions: [(kind: String, variant: String, reason: String)] = []

    @Test("each example produces the variants it expects, with every placeholder of their messages filled",
          arguments: KindExample.all)
    func exampleProducesItsOutcomes(_ item: KindExample) throws {
        let outcomes = try item.kind.outcomes(of: item.example)
        #expect(outcomes.map(\.variant) == item.example.expected)
        // Messages are filled as a rule fills them: the parameters, then what the check measured.
        let parameterValues = try item.kind.bind(item.example.parameters, path: "parameters").messageValues
        for outcome in outcomes {
            let values = parameterValues.merging(outcome.values) { $1 }
            let template = try #require(item.kind.defaultMessages[outcome.variant],
                                        "\(item.kind.name) has no default message for variant \(outcome.variant)")
            let message = Rule.fill(template, with: values)
            let unfilled = Rule.placeholders(in: template).filter { values[$0] == nil }
            #expect(unfilled.isEmpty, "\(item.kind.name).\(outcome.variant) leaves \(unfilled) in \"\(message)\"")
            let undeclared = outcome.values.keys.filter { !item.kind.placeholders.contains($0) }.sorted()
            #expect(undeclared.isEmpty, "\(item.kind.name).\(outcome.variant) fills \(undeclared), not among its placeholders")
        }
    }

    @Test("every kind has a passing example and, for each variant, an example that produces it")
    func examplesCoverEveryKindAndVariant() {
        for kind in CheckRegistry.kinds {
            let produced = kind.examples.map { (try? kind.outcomes(of: $0)).map { $0.map(\.variant) } }
            #expect(produced.contains { $0 == [] }, "\(kind.name) has no passing example")
            let covered = Set(produced.compactMap { $0 }.joined())
            let exempt = Set(Self.exemptions.filter { $0.kind == kind.name }.map(\.variant))
            for variant in kind.defaultMessages.keys.sorted() where !covered.contains(variant) && !exempt.contains(variant) {
                Issue.record("\(kind.name) has no example that produces variant \(variant)")
            }
            for variant in exempt.sorted() {
                #expect(kind.defaultMessages[variant] != nil && !covered.contains(variant),
                        "the exemption of \(kind.name).\(variant) is stale: no such variant, or an example covers it")
            }
        }
    }

    @Test("each example's parameters bind as a rule's would", arguments: KindExample.all)
    func parametersBind(_ item: KindExample) {
        #expect(throws: Never.self) { _ = try item.kind.outcomes(of: item.example) }
    }
}

/// A kind's `parameterSpecs` and its `Parameters` type name the same keys: a spec the type does not
/// read would be accepted in rules.json and then ignored.
@Suite("parameter specs and types")
struct ParameterSpecTypeTests {
    static func keysRead<Kind: CheckKind>(_ kind: Kind.Type, from value: JSONValue) throws -> [String: Set<String>] {
        let checked = try ParameterValidator.validated(value, specs: Kind.parameterSpecs, at: "parameters")
        let decoder = JSONValueDecoder()
        _ = try decoder.decode(Kind.Parameters.self, from: checked, path: "parameters")
        return decoder.reads.keys
    }

    static func names(_ specs: [ParameterSpec], prefix: String = "") -> [String: Set<String>] {
        var names = [prefix: Set(specs.map(\.name))]
        for spec in specs {
            if case let .object(members) = spec.type {
                names.merge(Self.names(members, prefix: prefix.isEmpty ? spec.name : prefix + "." + spec.name)) { $0.union($1) }
            }
        }
        return names
    }

    @Test("every kind's Parameters type reads exactly the keys its specs declare", arguments: CheckRegistry.kinds.map { $0.name })
    func specsMatchTheType(_ name: String) throws {
        let kind = try #require(CheckRegistry.kind(named: name))
        // The kind's examples hold every nested object its rules may give, so all levels are read.
        var read: [String: Set<String>] = [:]
        for example in kind.examples {
            read.merge(try Self.keysRead(kind, from: example.parameters)) { $0.union($1) }
        }
        let declared = Self.names(kind.parameterSpecs)
        #expect((read[""] ?? []) == (declared[""] ?? []), "\(name): the type reads \(read[""] ?? []), the specs declare \(declared[""] ?? [])")
        for (path, keys) in read where !path.isEmpty {
            #expect(declared[path] == keys, "\(name).\(path): the type reads \(keys), the specs declare \(declared[path] ?? [])")
        }
    }
}
