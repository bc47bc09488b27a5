import ArgumentParser

@main
struct Papercheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papercheck",
        abstract: "Check conference paper PDFs against declarative venue rules (ICML 2016 and its workshops).",
        discussion: """
        Exit codes: 0 every file passed (warnings allowed unless --fail-on warning), 1 a file failed a rule, \
        2 a file could not be checked, 64 usage error or bad rules file, 130 interrupted. The highest applies.
        """,
        version: PaperCheckVersion.text,
        subcommands: [CheckCommand.self, InspectCommand.self, RulesCommand.self, ServeCommand.self, KeygenCommand.self, VerifyCommand.self, WorkerCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}
