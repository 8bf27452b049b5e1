import Foundation
import TimelineModel
import TimelineUI
import TOMLKit

/// What a configuration file sets: key bindings per mode, how each style looks, and defaults.
/// Read whole and checked before anything uses it, so `tl` never runs with half of one.
public struct Settings: Sendable {
    public var keymap = Keymap.standard
    public var theme = Theme.standard
    /// Whether the browser turns on mouse reporting (`--no-mouse` turns it off whatever this says).
    public var mouse = true

    public init() {}

    /// `$XDG_CONFIG_HOME/tl/config.toml`, or `~/.config/tl/config.toml`.
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") { return base + "/tl/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/tl/config.toml"
    }

    /// The settings in force: those of `path` (which must exist), else of the default file when
    /// there is one, else the built-in ones.
    public static func load(path: String?) -> Result<Settings, ConfigProblems> {
        let file = path ?? defaultPath
        guard path != nil || FileManager.default.fileExists(atPath: file) else { return .success(Settings()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            let why = FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist"
            return .failure(ConfigProblems(file: file, problems: [ConfigProblem(line: nil, message: "the configuration file \(why)")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigProblems(file: file, problems: [ConfigProblem(line: nil, message: "the configuration file is not UTF-8 text")]))
        }
        return parse(text, file: file)
    }

    /// Reads a configuration; every problem in it, in file order, or the settings.
    public static func parse(_ text: String, file: String) -> Result<Settings, ConfigProblems> {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return .failure(ConfigProblems(file: file, problems: [ConfigProblem(line: error.source.begin.line, column: error.source.begin.column, message: "not valid TOML: " + error.description)]))
        } catch {
            return .failure(ConfigProblems(file: file, problems: [ConfigProblem(line: nil, message: "not valid TOML")]))
        }
        var reader = Reader(lines: text.components(separatedBy: "\n"))
        var settings = Settings()
        for key in table.keys {
            switch key {
            case "mouse":
                guard let mouse = table[key]?.bool else { reader.problem(["mouse"], "mouse must be true or false"); continue }
                settings.mouse = mouse
            case "keys":
                guard let modes = table[key]?.table else { reader.problem(["keys"], "keys must be a table of modes, like [keys.timeline]"); continue }
                reader.readKeys(modes, into: &settings.keymap)
            case "theme":
                guard let styles = table[key]?.table else { reader.problem(["theme"], "theme must be a table of styles, like [theme]"); continue }
                reader.readTheme(styles, into: &settings.theme)
            default:
                reader.problem([key], "unknown setting \"\(key)\"" + suggestion(key, among: ["mouse", "keys", "theme"]))
            }
        }
        guard reader.problems.isEmpty else {
            return .failure(ConfigProblems(file: file, problems: reader.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }))
        }
        return .success(settings)
    }
}

/// Reads the tables of a configuration and finds the line of each entry for its problems.
private struct Reader {
    let lines: [String]
    var problems: [ConfigProblem] = []

    mutating func problem(_ path: [String], _ message: String) {
        problems.append(ConfigProblem(line: line(of: path), message: message))
    }

    mutating func readKeys(_ modes: TOMLTable, into keymap: inout Keymap) {
        for modeName in modes.keys {
            guard let mode = Mode.allCases.first(where: { $0.configName == modeName }) else {
                problem(["keys", modeName], "unknown mode \"\(modeName)\"" + suggestion(modeName, among: Mode.allCases.map(\.configName)))
                continue
            }
            guard let actions = modes[modeName]?.table else { problem(["keys", modeName], "[keys.\(modeName)] must be a table of actions"); continue }
            let table = keymap.table(mode)
            for actionName in actions.keys {
                let path = ["keys", modeName, actionName]
                guard let binding = table.bindings.first(where: { $0.action.configName == actionName }) else {
                    problem(path, "unknown action \"\(actionName)\" in [keys.\(modeName)]" + suggestion(actionName, among: table.bindings.map(\.action.configName)))
                    continue
                }
                let names: [String]
                if let one = actions[actionName]?.string {
                    names = [one]
                } else if let array = actions[actionName]?.array, array.allSatisfy({ $0.string != nil }) {
                    names = array.compactMap(\.string)
                } else {
                    problem(path, "\(actionName) must be a key name or a list of them, like [\"j\", \"down\"]")
                    continue
                }
                var keys: [Key] = []
                for name in names {
                    guard let key = Key(configName: name) else {
                        problem(path, "unknown key name \"\(TerminalText.sanitize(name))\" for \(actionName)" + suggestion(name.lowercased(), among: Key.configNames.map(\.0)))
                        continue
                    }
                    keys.append(key)
                }
                switch keymap.rebinding(mode, binding.action, to: keys) {
                case .success(let rebound): keymap = rebound
                case .failure(let conflict):
                    problem(path, "\(conflict.key.configName) is bound twice in [keys.\(modeName)]: to \(conflict.actions.0.configName) and \(conflict.actions.1.configName)")
                }
            }
        }
    }

    mutating func readTheme(_ styles: TOMLTable, into theme: inout Theme) {
        for name in styles.keys {
            guard let style = Style(configName: name) else {
                problem(["theme", name], "unknown style \"\(name)\"" + suggestion(name, among: Style.allCases.map(\.configName)))
                continue
            }
            guard let text = styles[name]?.string else { problem(["theme", name], "\(name) must be a string, like \"bold magenta\""); continue }
            switch StyleSpec.parse(text) {
            case .success(let spec): theme = theme.setting(style, to: spec)
            case .failure(let bad):
                problem(["theme", name], "unknown colour or attribute \"\(TerminalText.sanitize(bad.word))\" in \(name) = \"\(TerminalText.sanitize(text))\"; use bold, dim, underline, reverse, a colour (\(Colour.names.joined(separator: ", ")), default or 0-255) and \"on\" a background")
            }
        }
    }

    /// The line an entry is on: its `name =` under the table's header (or the header of a
    /// table), found by reading the text, since the TOML reader keeps no positions.
    func line(of path: [String]) -> Int? {
        var table: [String] = []
        var tableLine: Int?
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = inner.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
                if table == path { return i + 1 }
                if table == Array(path.dropLast()) { tableLine = i + 1 }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let full = table + key.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces) }
            if full == path || (path.count < full.count && Array(full.prefix(path.count)) == path) { return i + 1 }
        }
        return tableLine
    }
}

private func suggestion(_ name: String, among names: [String]) -> String {
    closestName(to: name, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
}

/// One problem in a configuration, with its line when it has one.
public struct ConfigProblem: Sendable {
    public let line: Int?
    public var column: Int? = nil
    public let message: String

    init(line: Int?, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Every problem of a configuration file, each on a line of its own: "FILE:LINE: message".
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let problems: [ConfigProblem]

    public var description: String {
        problems.map { problem in
            let place = [problem.line.map(String.init), problem.column.map(String.init)].compactMap { $0 }.joined(separator: ":")
            return TerminalText.sanitize("\(file)\(place.isEmpty ? "" : ":" + place): \(problem.message)")
        }.joined(separator: "\n")
    }
}
