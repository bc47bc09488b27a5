import ArgumentParser
import PaperCheck
import PaperServer

// TEMPORARY until the pass-code library lands.
enum PassCodeIssuing {
    static func issuer(keyFile: String) throws -> PassCodeIssuer {
        Terminal.error("--signing-key is not available yet")
        throw ExitCode(64)
    }
}
