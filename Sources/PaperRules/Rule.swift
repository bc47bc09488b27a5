import Foundation
import PaperAnalysis
import PaperFacts

/// One rule of a profile: a check kind with its parameters, severity and texts.
public struct Rule: Sendable {
    /// The rule's id, unique within its profile (e.g. `margins`).
    public var id: String
    /// The check kind's `name` (e.g. `contentWithin`).
    public var check: String
    /// The severity of the rule's findings, unless the check overrides it.
    public var severity: Severity
    /// The template for the `main` variant, with `{placeholders}`.
    public var message: String
    /// Templates for the check's other variants, by variant name.
    public var messages: [String: String]
    /// How to fix a violation, shown with each finding (when no `hints` entry fits the file better).
    public var hint: String
    /// Hints for files made by a particular kind of tool, by `Producer` family (`latex`, `word`):
    /// a Word user gets Word advice. Placeholders are filled like the message's.
    public var hints: [String: String]
    /// The venue's wording of the requirement.
    public var reference: String
    /// The rule as written, merged with overrides: for `rules show` and the JSON schema.
    public var definition: JSONValue
    /// Where the rule was written in the rules file (`profiles[0].rules[3]`), for error messages.
    public var sourcePath: String
    let run: @Sendable (CheckContext) -> [CheckOutcome]
    let regions: @Sendable (CheckContext) -> [Int: [Box]]

    /// Evaluates the rule and fills its message templates and hint.
    public func evaluate(in context: CheckContext) -> [Finding] {
        let producer = Producer.family(of: context.facts.metadata)
        let hintTemplate = producer.flatMap { hints[$0.rawValue] } ?? hint
        return run(context).map { outcome in
            let template = outcome.variant == "main" ? message
                : messages[outcome.variant] ?? defaultMessage(outcome.variant) ?? message
            return Finding(ruleId: id, check: check, severity: outcome.severity ?? severity,
                           message: Self.fill(template, with: outcome.values), page: outcome.page,
                           pages: outcome.pages, box: outcome.box, text: outcome.text, values: outcome.values,
                           hint: Self.fill(hintTemplate, with: outcome.values), reference: reference,
                           occurrences: outcome.occurrences)
        }
    }

    /// The page regions the rule's check wants rendered before it evaluates (see `CheckKind.inkRegions`).
    public func inkRegions(in context: CheckContext) -> [Int: [Box]] {
        regions(context)
    }

    private func defaultMessage(_ variant: String) -> String? {
        CheckRegistry.kind(named: check)?.defaultMessages[variant]
    }

    /// Replaces `{name}` with the value of `name`; unknown names are left as written.
    public static func fill(_ template: String, with values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The `{placeholders}` a template uses.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension CheckKind {
    /// Decodes this kind's parameters from a rule's `parameters` object and binds them to `evaluate`
    /// and `inkRegions`.
    static func bind(_ parameters: JSONValue, path: String) throws(RuleSetError)
        -> (run: @Sendable (CheckContext) -> [CheckOutcome], regions: @Sendable (CheckContext) -> [Int: [Box]]) {
        try checkNumbers(in: parameters, at: path)
        let decoded: Parameters
        do {
            let data = try JSONEncoder().encode(parameters)
            decoded = try JSONDecoder().decode(Parameters.self, from: data)
        } catch let error as DecodingError {
            throw RuleSetError.invalid(path: path, problem: error)
        } catch {
            throw RuleSetError(path: path, message: "\(error)")
        }
        return ({ context in evaluate(decoded, in: context) }, { context in inkRegions(decoded, in: context) })
    }

    /// The largest number a parameter may hold: far beyond any page length in points (PDF pages
    /// end at 14,400 pt), page count or file size, and small enough that no arithmetic on it
    /// overflows or turns into an integer that traps.
    static var largestParameter: Double { 1e12 }

    /// Every number in the parameters is finite, not negative and at most `largestParameter`:
    /// a typo such as `1e308` or `-3` is an error that names its path, not a check that never passes.
    private static func checkNumbers(in value: JSONValue, at path: String) throws(RuleSetError) {
        switch value {
        case .number(let number):
            guard number.isFinite, number >= 0, number <= largestParameter else {
                throw RuleSetError(path: path, message: "\(number) is out of range: parameters are numbers from 0 to 10^12 (points, pages, bytes)")
            }
        case .array(let items):
            for (index, item) in items.enumerated() { try checkNumbers(in: item, at: "\(path)[\(index)]") }
        case .object(let members):
            for (key, member) in members { try checkNumbers(in: member, at: "\(path).\(key)") }
        case .null, .bool, .string:
            break
        }
    }
}
