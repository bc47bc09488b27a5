import ArgumentParser
import Foundation
import PaperCheck

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List profiles, show a profile's rules, explain one rule, print the rules file or its JSON Schema.",
        subcommands: [List.self, Show.self, Explain.self, Dump.self, Schema.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the profiles of the rule set.")
        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let ruleSet = try ruleOptions.loadRuleSet()
            for profile in ruleSet.profiles {
                let mark = profile.id == ruleSet.defaultProfileID ? " (default)" : ""
                let base = profile.extends.map { ", extends \($0)" } ?? ""
                print("\(profile.id)\(mark): \(profile.title) [\(profile.rules.count) rules\(base)\(origin(profile))]")
            }
        }

        /// Where the profile comes from, when a user's file lies over the built-in rules.
        private func origin(_ profile: Profile) -> String {
            guard let file = ruleOptions.rules else { return "" }
            if profile.isBuiltIn { return ", built in" }
            return ", from \(file)" + (profile.replacesBuiltIn ? ", replaces the built-in one" : "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the resolved rules of a profile.")
        @Argument(help: "Profile id.") var profileID: String
        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let ruleSet = try ruleOptions.loadRuleSet()
            guard let profile = ruleSet.profile(profileID) else {
                Terminal.error("no profile '\(profileID)'; known profiles: \(ruleSet.profiles.map(\.id).joined(separator: ", "))")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            print("\(profile.id): \(profile.title)")
            if let source = profile.source { print("source: \(source)") }
            for rule in profile.rules {
                print("  \(rule.id.padding(toLength: 22, withPad: " ", startingAt: 0)) \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(rule.check)\(parameters(rule))")
            }
        }

        private func parameters(_ rule: Rule) -> String {
            guard let value = rule.definition.objectValue?["parameters"],
                  let data = try? JSONEncoder.sorted.encode(value),
                  let text = String(data: data, encoding: .utf8), text != "{}" else { return "" }
            return " " + text
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain what a rule checks and quote the guideline it encodes.")
        @Argument(help: "Rule id, e.g. margins.") var ruleID: String
        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let (_, profile) = try ruleOptions.loadProfile()
            let ruleSet = try ruleOptions.loadRuleSet()
            guard let rule = profile.rule(ruleID) ?? ruleSet.profiles.lazy.compactMap({ $0.rule(ruleID) }).first else {
                let known = Set(ruleSet.profiles.flatMap { $0.rules.map(\.id) }).sorted().joined(separator: ", ")
                Terminal.error("no rule '\(ruleID)'; known rules: \(known)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            let kind = CheckRegistry.kind(named: rule.check)
            let inProfiles = ruleSet.profiles.filter { $0.rule(ruleID) != nil }.map(\.id).joined(separator: ", ")
            print("\(rule.id) (\(rule.severity.rawValue), check \(rule.check)); in profiles: \(inProfiles)")
            print("")
            print("What it checks: \(kind?.summary ?? "")")
            if let kind {
                print("")
                for line in RuleExplanation.lines(for: rule, kind: kind) { print(line) }
                print("")
            }
            print("How to fix: \(rule.hint)")
            for family in Producer.allCases {
                if let hint = rule.hints[family.rawValue] { print("  for \(family.rawValue): \(hint)") }
            }
            print("Guideline: \"\(rule.reference)\"")
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Print the built-in rules.json, or the resolved profiles as a rules file.",
            discussion: "Without --resolved, prints the rules.json built into this binary exactly, to read or to copy as a start for your own."
        )
        @Flag(help: "Print each profile (or --profile's) with all its rules after extends, override and remove, as a self-contained rules file; with --rules, the file's profiles and the built-in ones.")
        var resolved = false
        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            guard resolved else {
                guard ruleOptions.rules == nil, ruleOptions.profile == nil else {
                    Terminal.error("rules dump prints the built-in rules.json; add --resolved to print the profiles of --rules or --profile resolved")
                    throw ExitCode(ExitStatus.usage.rawValue)
                }
                try Terminal.writeStandardOutput(RuleSet.builtInJSON)
                return
            }
            // With --profile, an unknown id is the same one-line error as elsewhere.
            let ruleSet = try ruleOptions.profile == nil ? ruleOptions.loadRuleSet() : ruleOptions.loadProfile().0
            try Terminal.writeStandardOutput(ruleSet.resolvedJSON(profile: ruleOptions.profile))
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the JSON Schema of rules files.",
            discussion: "Generated from the check kinds this binary knows: their parameters, message variants and placeholders. `make schema` writes it to schemas/rules.schema.json."
        )

        func run() throws {
            try Terminal.writeStandardOutput(RuleSchema.text())
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
