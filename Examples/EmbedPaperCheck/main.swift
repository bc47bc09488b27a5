// A program that embeds papercheck as a library: checks the PDFs named on the command line with
// the built-in ICML 2016 rules and prints one line per finding. Built with the package
// (`swift build --product embed-example`) so the documented API keeps compiling.
import Foundation
import PaperCheck

let arguments = Array(CommandLine.arguments.dropFirst())
guard !arguments.isEmpty else {
    print("usage: embed-example PAPER.pdf [PROFILE]")
    exit(64)
}
let rules: RuleSet
do {
    rules = try RuleSet.builtIn()
} catch {
    print("the built-in rules do not load: \(error)")
    exit(64)
}
let profile = arguments.count > 1 ? arguments[1] : nil
let report = PaperCheck.check(URL(fileURLWithPath: arguments[0]), ruleSet: rules, profile: profile)
print("\(report.path): \(report.status.rawValue), \(report.pages.map { "\($0) pages" } ?? "unreadable")")
for finding in report.findings {
    let place = finding.page.map { " (page \($0))" } ?? ""
    print("  \(finding.severity.rawValue) \(finding.ruleId)\(place): \(finding.message)")
}
exit(report.status == .pass || report.status == .warn ? 0 : 1)
