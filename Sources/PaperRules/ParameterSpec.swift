import Foundation
import PaperAnalysis

/// What a check kind's parameter holds. The rules file is checked against it when it loads (types,
/// closed sets, ranges, patterns that compile, language codes), and the JSON Schema is generated from it.
public indirect enum ParameterType: Sendable {
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// A number within the range, in `unit` (`pt` for points) when it has one.
    case number(ClosedRange<Double>, unit: String?)
    /// Free text; not empty.
    case text
    /// A case-insensitive ICU regular expression; it must compile (checked where `TextPattern` decodes it).
    case pattern
    /// A language code from the identifier's catalogue (`en`, `de`, ...).
    case language
    /// One of a closed set of strings.
    case choice([String])
    /// A list of values of one type; at least `minimumCount` of them, none twice.
    case list(ParameterType, minimumCount: Int)
    /// An object with its own parameters.
    case object([ParameterSpec])

    /// A length in points: 0 to 14,400 (the largest page a PDF may have).
    public static let points = ParameterType.number(0...14_400, unit: "pt")
    /// A number of pages.
    public static let pageCount = ParameterType.integer(1...100_000)
    /// A severity: `error`, `warning` or `info`.
    public static let severity = ParameterType.choice(Severity.allCases.map(\.rawValue))
    /// A list of non-empty strings, at least one.
    public static let texts = ParameterType.list(.text, minimumCount: 1)

    /// The type in a few words, for error messages: "an integer from 1 to 100000".
    public var description: String {
        switch self {
        case let .integer(range): "an integer from \(range.lowerBound) to \(range.upperBound)"
        case let .number(range, unit):
            "a number from \(Format.points(range.lowerBound)) to \(Format.points(range.upperBound))" + (unit.map { " (\($0))" } ?? "")
        case .text: "a non-empty string"
        case .pattern: "a regular expression (a string)"
        case .language: "a language code (a string)"
        case let .choice(values): "one of " + values.map { "'\($0)'" }.joined(separator: ", ")
        case let .list(element, minimumCount):
            "an array" + (minimumCount > 0 ? " of at least \(minimumCount)" : "") + " of \(element.description)"
        case .object: "an object"
        }
    }
}

/// One parameter of a check kind: its name, type, whether it may be left out and what it means.
public struct ParameterSpec: Sendable {
    /// Whether the parameter must be written, may be left out, or takes a default when left out.
    public enum Presence: Sendable {
        /// The rule must give it.
        case required
        /// It may be left out, and then it is not checked or not used.
        case optional
        /// Left out, it takes this value: the one place where the kind's default is written.
        case defaulted(JSONValue)
    }

    /// The key in the `parameters` object.
    public var name: String
    /// What it holds.
    public var type: ParameterType
    /// Whether it may be left out.
    public var presence: Presence
    /// What it means, in one sentence (for the schema and `rules explain`).
    public var summary: String

    /// Makes a parameter.
    public init(_ name: String, _ type: ParameterType, _ summary: String) {
        self.init(name, type, .required, summary)
    }

    /// Makes a parameter that may be left out (`presence`).
    public init(_ name: String, _ type: ParameterType, _ presence: Presence, _ summary: String) {
        self.name = name
        self.type = type
        self.presence = presence
        self.summary = summary
    }

    /// The default, when there is one.
    public var defaultValue: JSONValue? {
        if case let .defaulted(value) = presence { return value }
        return nil
    }
}

/// A problem between parameters that each look right alone (an inverted text block, a total page
/// limit below the body limit), found by a kind's `validate`.
public struct ParameterProblem: Error, Sendable {
    /// The parameter's key (`textBlock.right`), relative to the `parameters` object.
    public var key: String
    /// What is wrong.
    public var message: String

    /// Makes a problem.
    public init(_ key: String, _ message: String) {
        self.key = key
        self.message = message
    }
}

/// Checks a rule's `parameters` against a kind's specs and fills in the defaults, so that the
/// typed parameters are decoded from a value that is known to be right.
enum ParameterValidator {
    private static var json: JSONReader<RuleSetError> { JSONReader { path, message in RuleSetError(path: path, message: message) } }

    /// The parameters with every default filled in; an error with the JSON path of the first bad value.
    static func validated(_ value: JSONValue, specs: [ParameterSpec], at path: String) throws(RuleSetError) -> JSONValue {
        let members = try json.object(value, at: path)
        try json.rejectUnknownKeys(members, known: Set(specs.map(\.name)), at: path)
        var filled: [String: JSONValue] = [:]
        for spec in specs {
            let keyPath = path + "." + spec.name
            guard let member = members[spec.name], member != .null else {
                switch spec.presence {
                case .required: throw RuleSetError(path: keyPath, message: "required parameter is missing (\(spec.type.description): \(spec.summary))")
                case .optional: continue
                case let .defaulted(value): filled[spec.name] = value
                }
                continue
            }
            filled[spec.name] = try validated(member, type: spec.type, at: keyPath)
        }
        return .object(filled)
    }

    private static func validated(_ value: JSONValue, type: ParameterType, at path: String) throws(RuleSetError) -> JSONValue {
        func wrong() -> RuleSetError {
            RuleSetError(path: path, message: "expected \(type.description), found \(describe(value))")
        }
        switch type {
        case let .integer(range):
            guard case let .number(number) = value, number.isFinite, number == number.rounded(),
                  number >= Double(range.lowerBound), number <= Double(range.upperBound) else { throw wrong() }
        case let .number(range, _):
            guard case let .number(number) = value, number.isFinite, range.contains(number) else { throw wrong() }
        case .text:
            guard let text = value.stringValue, !text.isEmpty else { throw wrong() }
        case .pattern:
            // Compiled once, where it is decoded into a `TextPattern`; an error there has this path too.
            guard let text = value.stringValue, !text.isEmpty else { throw wrong() }
        case .language:
            guard let code = value.stringValue else { throw wrong() }
            let codes = LanguageIdentifier.supportedLanguages.map(\.code)
            guard codes.contains(code) else {
                let named = LanguageIdentifier.supportedLanguages.first { $0.name.lowercased() == code.lowercased() }
                let advice = named.map { " (\($0.name) is '\($0.code)')" } ?? ""
                throw RuleSetError(path: path, message: JSONReader<RuleSetError>.unknown("language code", code, expected: codes) + advice)
            }
        case let .choice(values):
            guard let text = value.stringValue else { throw wrong() }
            guard values.contains(text) else {
                throw RuleSetError(path: path, message: JSONReader<RuleSetError>.unknown("value", text, expected: values))
            }
        case let .list(element, minimumCount):
            guard let items = value.arrayValue else { throw wrong() }
            guard items.count >= minimumCount else {
                throw RuleSetError(path: path, message: "expected at least \(minimumCount) value(s), found \(items.count)")
            }
            var seen: [JSONValue] = []
            for (index, item) in items.enumerated() {
                _ = try validated(item, type: element, at: "\(path)[\(index)]")
                guard !seen.contains(item) else {
                    throw RuleSetError(path: "\(path)[\(index)]", message: "\(describe(item)) is listed twice")
                }
                seen.append(item)
            }
        case let .object(specs):
            return try validated(value, specs: specs, at: path)
        }
        return value
    }

    /// A value as an error message quotes it: `the string 'english'`, `the number 60`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case let .string(text): "the string '\(text.count > 60 ? String(text.prefix(60)) + "..." : text)'"
        case let .number(number): "the number \(number.isFinite && abs(number) < 1e15 ? Format.points(number) : "\(number)")"
        default: value.typeName
        }
    }
}

extension ParameterSpec {
    /// Every placeholder name the parameters give a message: each parameter by its name, the
    /// members of an object parameter as `object.member`.
    static func placeholderNames(of specs: [ParameterSpec]) -> [String] {
        specs.flatMap { spec -> [String] in
            if case let .object(members) = spec.type { return [spec.name] + placeholderNames(of: members).map { spec.name + "." + $0 } }
            return [spec.name]
        }
    }

    /// The parameters as message values: numbers as the reports write them, lists as alternatives
    /// (`References, Bibliography or Acknowledgements`), objects by member (`textBlock.left`).
    static func messageValues(of parameters: JSONValue, prefix: String = "") -> [String: String] {
        guard let members = parameters.objectValue else { return [:] }
        var values: [String: String] = [:]
        for (key, value) in members {
            let name = prefix + key
            switch value {
            case let .object(inner): values.merge(messageValues(of: .object(inner), prefix: name + ".")) { $1 }
            case let .array(items): values[name] = alternatives(items.map(text(of:)))
            default: values[name] = text(of: value)
            }
        }
        return values
    }

    private static func alternatives(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }

    private static func text(of value: JSONValue) -> String {
        switch value {
        case let .number(number): Format.points(number)
        case let .string(text): text
        case let .bool(flag): flag ? "true" : "false"
        default: ""
        }
    }
}
