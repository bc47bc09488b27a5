import Foundation
import Testing
@testable import PaperRules

/// The mistakes a new user makes in a rules file, each made in a copy of the built-in rules: every
/// one is refused when the file loads, with the JSON path and what is allowed, never loaded to
/// check something else.
@Suite("broken rules files")
struct BrokenRulesTests {
    /// One mistake: in the icml2016 rule `rule`, `key` (a dotted path inside the rule) is set to `value`.
    struct Mistake: Sendable, CustomTestStringConvertible {
        let name: String
        let rule: String
        let key: String
        let value: JSONValue
        let path: String
        let says: String
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "misspelt parameter", rule: "margins", key: "parameters.tolerence", value: 50,
                path: "rules[3].parameters.tolerence", says: "did you mean 'tolerance'?"),
        Mistake(name: "misspelt optional parameter", rule: "body-font", key: "parameters.baselineTolerence", value: 1,
                path: "rules[7].parameters.baselineTolerence", says: "did you mean 'baselineTolerance'?"),
        Mistake(name: "zone outside the closed set", rule: "margins", key: "parameters.allowedZones", value: ["pageNumbers"],
                path: "rules[3].parameters.allowedZones[0]", says: "expected one of: runningHead, lineNumbers"),
        Mistake(name: "metadata field in the wrong case", rule: "anonymous-author", key: "parameters.field", value: "Author",
                path: "rules[11].parameters.field", says: "did you mean 'author'?"),
        Mistake(name: "font type as pdffonts does not write it", rule: "no-type3-fonts", key: "parameters.forbidden", value: ["Type3"],
                path: "rules[5].parameters.forbidden[0]", says: "did you mean 'Type 3'?"),
        Mistake(name: "language by name", rule: "language", key: "parameters.expected", value: "english",
                path: "rules[8].parameters.expected", says: "English is 'en'"),
        Mistake(name: "confidence in percent", rule: "language", key: "parameters.minConfidence", value: 60,
                path: "rules[8].parameters.minConfidence", says: "expected a number from 0 to 1, found the number 60"),
        Mistake(name: "regular expression that does not compile", rule: "review-notice", key: "parameters.pattern", value: "Under (review",
                path: "rules[13].parameters.pattern", says: "the regular expression does not compile"),
        Mistake(name: "inverted text block", rule: "margins", key: "parameters.textBlock.left", value: 600,
                path: "rules[3].parameters.textBlock.right", says: "is not right of left (600)"),
        Mistake(name: "negative text block edge", rule: "margins", key: "parameters.textBlock.top", value: -5,
                path: "rules[3].parameters.textBlock.top", says: "expected a number from 0 to 14400 (pt)"),
        Mistake(name: "three columns", rule: "columns", key: "parameters.count", value: 3,
                path: "rules[4].parameters.count", says: "expected an integer from 1 to 2"),
        Mistake(name: "page 0", rule: "review-notice", key: "parameters.page", value: 0,
                path: "rules[13].parameters.page", says: "expected an integer from 1 to 100000"),
        Mistake(name: "fractional page limit", rule: "page-limit", key: "parameters.maxBodyPages", value: 8.5,
                path: "rules[2].parameters.maxBodyPages", says: "expected an integer"),
        Mistake(name: "total limit below the body limit", rule: "page-limit", key: "parameters.maxTotalPages", value: 6,
                path: "rules[2].parameters.maxTotalPages", says: "is below maxBodyPages (8)"),
        Mistake(name: "negative tolerance", rule: "margins", key: "parameters.tolerance", value: -1,
                path: "rules[3].parameters.tolerance", says: "expected a number from 0 to 100 (pt), found the number -1"),
        Mistake(name: "number as a string", rule: "file-size", key: "parameters.maxBytes", value: "10 MB",
                path: "rules[9].parameters.maxBytes", says: "found the string '10 MB'"),
        Mistake(name: "expectation outside the closed set", rule: "line-numbers", key: "parameters.expected", value: "yes",
                path: "rules[14].parameters.expected", says: "expected one of: present, absent"),
        Mistake(name: "severity outside the closed set", rule: "margins", key: "parameters.localSeverity", value: "minor",
                path: "rules[3].parameters.localSeverity", says: "expected one of: info, warning, error"),
        Mistake(name: "gutter with one column", rule: "columns", key: "parameters.count", value: 1,
                path: "rules[4].parameters.gutter", says: "only two columns have a gutter"),
        Mistake(name: "empty list of families", rule: "body-font", key: "parameters.families", value: [],
                path: "rules[7].parameters.families", says: "expected at least 1 value(s), found 0"),
        Mistake(name: "heading listed twice", rule: "no-acknowledgements", key: "parameters.headings", value: ["Acknowledgements", "Acknowledgements"],
                path: "rules[12].parameters.headings[1]", says: "is listed twice"),
        Mistake(name: "misspelt placeholder", rule: "body-font", key: "message", value: "body text is {mesured}",
                path: "rules[7].message", says: "did you mean '{measured}'?"),
        Mistake(name: "placeholder in a hint that no one fills", rule: "page-limit", key: "hint", value: "at most {limit} pages",
                path: "rules[2].hint", says: "unknown placeholder of pageCount '{limit}'"),
        Mistake(name: "message variant the kind does not have", rule: "body-font", key: "messages.sise", value: "x",
                path: "rules[7].messages.sise", says: "did you mean 'size'?"),
        Mistake(name: "main message under messages", rule: "body-font", key: "messages.main", value: "x",
                path: "rules[7].messages.main", says: "the main message is the rule's 'message'"),
        Mistake(name: "producer family that does not exist", rule: "body-font", key: "hints.tex", value: "x",
                path: "rules[7].hints.tex", says: "expected one of: latex, word"),
        Mistake(name: "parameters that are not an object", rule: "file-size", key: "parameters", value: [1],
                path: "rules[9].parameters", says: "expected an object, found an array"),
        Mistake(name: "parameter given to a kind without any", rule: "pdf-readable", key: "parameters.strict", value: true,
                path: "rules[0].parameters.strict", says: "none is allowed here"),
    ]

    /// The built-in rules with one value set inside a rule of the first profile.
    static func rules(with mistake: Mistake) throws -> Data {
        var root = try JSONParser.parse(Data(DefaultRules.json.utf8))
        guard case var .object(top) = root, case var .array(profiles)? = top["profiles"],
              case var .object(profile) = profiles[0], case var .array(rules)? = profile["rules"],
              let index = rules.firstIndex(where: { $0.objectValue?["id"]?.stringValue == mistake.rule }) else {
            throw RuleSetError(path: "", message: "no rule \(mistake.rule) in the built-in icml2016 profile")
        }
        rules[index] = set(mistake.value, at: mistake.key.split(separator: ".").map(String.init), in: rules[index])
        profile["rules"] = .array(rules)
        profiles[0] = .object(profile)
        top["profiles"] = .array(profiles)
        root = .object(top)
        return try JSONEncoder().encode(root)
    }

    static func set(_ value: JSONValue, at keys: [String], in object: JSONValue) -> JSONValue {
        guard let key = keys.first else { return value }
        var members = object.objectValue ?? [:]
        members[key] = set(value, at: Array(keys.dropFirst()), in: members[key] ?? .object([:]))
        return .object(members)
    }

    @Test("each mistake is refused with its JSON path and what is allowed", arguments: mistakes)
    func mistakeIsRefused(_ mistake: Mistake) throws {
        let data = try Self.rules(with: mistake)
        #expect(throws: RuleSetError.self) { try RuleSet.decode(data, file: "venue.json") }
        do {
            _ = try RuleSet.decode(data, file: "venue.json")
        } catch {
            #expect(error.description.hasPrefix("venue.json: profiles[0].\(mistake.path): "), "\(error.description)")
            #expect(error.description.contains(mistake.says), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("the built-in rules load unchanged (so each mistake above is what breaks its file)")
    func unchangedRulesLoad() throws {
        _ = try RuleSet.decode(Data(DefaultRules.json.utf8), file: "venue.json")
    }
}
