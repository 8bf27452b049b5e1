import ArgumentParser
import Synchronization
import TimelineModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit statuses, as the README documents them.
enum Status {
    static let dataError = ExitCode(1)
    static let usage = ExitCode(2)
    static let notFound = ExitCode(3)
}

@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = TL.firstWordProblem(in: arguments) {
            writeError(problem)
            exit(Status.usage.rawValue)
        }
        if TL.asksForTopLevelHelp(arguments) {
            print(TL.topLevelHelp())
            exit(0)
        }
        do {
            var command = try TL.parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = TL.exitCode(for: error)
            if code == .success {
                print(TL.fullMessage(for: error))
                exit(0)
            }
            let message = TL.fullMessage(for: error)
            if !message.isEmpty { writeError(message) }
            // swift-argument-parser's usage errors exit 64 (EX_USAGE); `tl` documents 2.
            exit(code == .validationFailure ? Status.usage.rawValue : code.rawValue)
        }
    }
}

func writeError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    _ = line.withCString { write(2, $0, strlen($0)) }
}

struct TL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tl",
        abstract: "Browse a timeline of news events: who did what, what it changed, and which source says so.",
        discussion: """
            With no subcommand, tl opens the full-screen browser on the bundled timeline, or \
            on the one --data names. The subcommands answer the same questions in plain text \
            or JSON.

            Exit status: 0 success, 1 data error, 2 usage error, 3 not found.
            """,
        version: TimelineModel.version,
        subcommands: [Browse.self, Events.self, Show.self, People.self, PersonCommand.self, Measures.self, MeasureCommand.self,
                      Sources.self, SourceCommand.self, Search.self, Cite.self, Check.self, Index.self, Notes.self, Periods.self, Export.self, Convert.self,
                      KeysCommand.self, ConfigCommand.self],
        defaultSubcommand: Browse.self
    )
}

struct Browse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the full-screen browser (the default when no subcommand is given).",
        discussion: "Keys: j/k move, Tab cycles panes, Enter opens, / searches, p picks a person, ? shows every key, q quits."
    )

    @Option(name: .long, help: ArgumentHelp("Timeline file, or a folder holding timeline.json (default: the bundled timeline); a TimelineJS file or spreadsheet (CSV) too, told from its content.", valueName: "path"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Open with this event selected.", valueName: "id"), completion: Findable.event.completion)
    var event: String?

    @Option(name: .long, help: ArgumentHelp("Open on this person's involvement.", valueName: "name"), completion: Findable.person.completion)
    var person: String?

    @Flag(name: .long, help: "Leave the mouse to the terminal, so its own text selection works.")
    var noMouse = false

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $XDG_CONFIG_HOME/tl/config.toml, if it exists).", valueName: "file"))
    var config: String?

    @OptionGroup var format: FormatOption

    @Flag(name: .long, help: "Open on the story's start, not where you were last time (stars and notes stay).")
    var fresh = false

    func run() throws {
        try Browser.run(dataPath: data, format: format.format, event: event, person: person, mouse: !noMouse, config: config, fresh: fresh)
    }
}

/// Every timeline loaded, kept until the process ends: freeing a million events one by one just
/// before exiting would cost a tenth of the load time for nothing. (The browser loads on a
/// thread of its own, hence the lock.)
private let keptUntilExit = Mutex<[Timeline]>([])

func loadForTheProcess(_ files: TimelineFiles, format: TimelineFormat? = nil, progress: (@Sendable (LoadProgress) -> Void)? = nil,
                       preview: (@Sendable (Timeline) -> Void)? = nil) -> Result<Timeline, TimelineLoadError> {
    let result = TimelineLoader.load(files, format: format, progress: progress, preview: preview)
    if case .success(let timeline) = result { keptUntilExit.withLock { $0.append(timeline) } }
    return result
}

func reportLoadError(_ error: TimelineLoadError, dataPath: String?) {
    writeError(TerminalText.sanitize(error.description, multiline: true))
    writeError("tl: the timeline has \(Wording.counted(error.diagnostics.count, "problem")); `tl check\(dataPath.map { " --data \($0)" } ?? "")` lists them")
}

/// `--data`, `--format` and `--json`, shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Timeline file, or a folder holding timeline.json (default: the bundled timeline); a TimelineJS file or spreadsheet (CSV) too.", valueName: "path"))
    var data: String?

    @OptionGroup var format: FormatOption

    @Flag(name: .long, help: "Print JSON instead of plain text.")
    var json = false

    /// Loads the timeline or reports every problem and exits 1.
    func timeline() throws -> Timeline { try loadTimeline(data, format: format.format) }
}

/// The timeline at `data` (default: the bundled one), or every problem reported and exit 1.
func loadTimeline(_ data: String?, format: TimelineFormat?) throws -> Timeline {
    let files: TimelineFiles
    switch try OpenedData.open(data, format: format) {
    case .store(let storage, _): return storage.timeline()
    case .files(let opened, _): files = opened
    }
    switch loadForTheProcess(files, format: format) {
    case .success(let timeline): return timeline
    case .failure(let error):
        reportLoadError(error, dataPath: data)
        throw Status.dataError
    }
}

/// `--format`: what the `--data` file is, when its content should not decide.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read the file as this format: tl, timelinejs or csv (default: told from its content).", valueName: "format"))
    var format: TimelineFormat?
}

extension TimelineFormat: ExpressibleByArgument {}
