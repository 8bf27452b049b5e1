import ArgumentParser
import TimelineModel

// The first words of a command line. `tl` with no subcommand is the browser, so swift-argument-
// parser hands anything it does not recognise to `tl browse`, which then complains about
// "unexpected arguments" with the browser's usage; and `tl --help` lists only the subcommands.
// These are put right before parsing.

extension TL {
    /// The names of the subcommands, as typed.
    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } }

    /// What is wrong with the first words of `arguments` (without the program's name), if
    /// anything: a first word that is no subcommand ("tl: unknown command 'event'; did you
    /// mean 'events'?"), `tl help` of one, or a subcommand after options meant for it.
    static func firstWordProblem(in arguments: [String]) -> String? {
        // swift-argument-parser's own: completion scripts, completing, the help dump.
        if let first = arguments.first, ["--generate-completion-script", "---completion", "--experimental-dump-help"].contains(where: first.hasPrefix) {
            return nil
        }
        let names = subcommandNames
        func unknown(_ word: String) -> String {
            let clean = TerminalText.sanitize(word)
            let guess = closestName(to: word, among: names).map { "; did you mean '\($0)'?" } ?? ""
            return "tl: unknown command '\(clean)'\(guess)\n`tl --help` lists the commands"
        }
        if arguments.first == "help" {
            guard arguments.count > 1, !arguments[1].hasPrefix("-") else { return nil }
            return names.contains(arguments[1]) ? nil : unknown(arguments[1])
        }
        // Options of the browser that take a value, read from its usage ("[--data <path>]").
        let usage = usageString(for: Browse.self)
        let valueOptions = Set(usage.split(separator: "[").compactMap { part -> String? in
            let words = part.split(separator: " ")
            return words.count >= 2 && words[0].hasPrefix("--") && words[1].hasPrefix("<") ? String(words[0]) : nil
        })
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word == "--" { return nil }
            if word.hasPrefix("-") {
                i += valueOptions.contains(word) ? 2 : 1
                continue
            }
            guard names.contains(word) else { return unknown(word) }
            guard i == 0 else {
                let reordered = ([word] + arguments[..<i] + arguments[(i + 1)...]).map { TerminalText.sanitize($0) }.joined(separator: " ")
                return "tl: options go after the command they are for: tl \(reordered)"
            }
            return nil
        }
        return nil
    }

    /// Whether `arguments` ask for tl's own help.
    static func asksForTopLevelHelp(_ arguments: [String]) -> Bool {
        arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"]
    }

    /// `tl --help`: swift-argument-parser's help for tl, with the browser's usage and options
    /// added (taken from its help for `tl browse`), since `tl` alone is the browser.
    static func topLevelHelp(columns: Int = 80) -> String {
        var help = helpMessage(columns: columns)
        let browse = helpMessage(for: Browse.self, columns: columns)
        let browserUsage = usageString(for: Browse.self).replacingPrefix("tl browse ", with: "tl ")
        help = help.replacingFirst("USAGE: tl <subcommand>", with: "USAGE: \(browserUsage)\n       tl <subcommand>")
        guard let start = browse.firstRange(of: "OPTIONS:\n") else { return help }
        let options = browse[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { !$0.hasPrefix("  -h, --help") && !$0.hasPrefix("  --version") }  // tl's own, listed above
        return help.replacingFirst("SUBCOMMANDS:", with: "BROWSER OPTIONS (tl with no subcommand, or tl browse):\n"
                                   + options.joined(separator: "\n") + "\n\nSUBCOMMANDS:")
    }
}

extension String {
    /// The string with its first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    /// The string with `prefix` replaced, if it starts with it.
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
