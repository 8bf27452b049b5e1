/// Reads a timeline file front to back, straight into the model, checking every field as it
/// goes and collecting every problem rather than stopping at the first. Its `strategy` says
/// when source texts are read and quotes are found (`QuickPass`, `ExactPass`).
///
/// This file holds the top level: the sections and the order they are read in, reporting, and
/// progress. The entries of each section are in `TimelineDecoder+Entries.swift`, and reading
/// one field of them in `TimelineDecoder+Fields.swift`.
struct TimelineDecoder {
    var strategy: any DecodeStrategy
    let files: TimelineFiles
    let fileName: String
    let file: FileBytes
    var reader: JSONReader
    let progress: (@Sendable (LoadProgress) -> Void)?
    let preview: (@Sendable (Timeline) -> Void)?
    /// The number of events at which the next preview goes out.
    var nextPreview = 4096
    /// Bytes of the sections read so far, and where the one being read starts: sections may be
    /// read out of file order, so the reader's position alone is no measure of progress.
    var sectionsRead = 0
    var sectionStart = 0
    var problems: [Problem] = []
    /// What needs a look but does not stop the timeline loading.
    var warnings: [Problem] = []
    /// The timeline's title, once read (a preview needs one), and its background label.
    var title: String?
    var backgroundLabel: String?

    var entries = DecodedEntries()
    /// Person id → index in `entries.people`, for participants.
    var personIndex: [String: Int] = [:]
    var sourceIDs = IDRegistry()
    var personIDs = IDRegistry()
    var measureIDs = IDRegistry()
    var eventIDs = IDRegistry()
    /// Each measure change's event, checked once every event is read.
    var changeEvents: [(id: String, offset: Int)] = []
    /// The kinds and statuses the timeline declares (`measureKinds`, `measureStatuses`).
    var vocabulary = DeclaredVocabulary()
    /// Source texts prepared for finding the passage closest to a quote that is not verbatim,
    /// and how many such searches have been made (`TimelineDecoder+Quotes.swift`).
    var finders: [String: PassageFinder] = [:]
    var closestSearches = 0
    /// The optional fields for what TimelineJS holds (TimelineDecoder+Presentation.swift).
    var presentation = DecodedPresentation()
    /// Where a streamed load's quick pass hands its measure changes and events on, a batch at a
    /// time, instead of keeping them (`TimelineLoader.stream`). Such a pass leaves event ids
    /// unchecked, since their registry would grow with the file: the sink checks them.
    var sink: (any TimelineSink)?
    /// Whether the events read are kept in `entries`: not in a streamed load, whose exact pass
    /// only reports problems.
    var keepsEvents = true
    /// Events handed on to the sink or dropped so far; whether the sink has had `begin`.
    var eventsHandedOn = 0
    var sinkBegun = false
    /// Where the file's pages were last given back (`givePagesBack`).
    var pagesGivenBackAt = 0

    init(_ strategy: some DecodeStrategy, files: TimelineFiles, fileName: String, file: FileBytes, bytes: UnsafeBufferPointer<UInt8>,
         progress: (@Sendable (LoadProgress) -> Void)?, preview: (@Sendable (Timeline) -> Void)?) {
        self.strategy = strategy
        self.files = files
        self.fileName = fileName
        self.file = file
        self.reader = JSONReader(bytes: bytes)
        self.progress = progress
        self.preview = preview
    }

    // MARK: Reporting

    mutating func report(_ offset: Int, _ message: String) {
        problems.append(Problem(offset: offset, message: message))
    }

    mutating func warn(_ offset: Int, _ message: String) {
        warnings.append(Problem(offset: offset, message: message))
    }

    /// Every error and every warning, each in file order, with its line, column and path.
    func diagnostics() -> (errors: [Diagnostic], warnings: [Diagnostic]) {
        (Problem.diagnostics(problems, in: reader.bytes, file: fileName, severity: .error),
         Problem.diagnostics(warnings, in: reader.bytes, file: fileName, severity: .warning))
    }

    func reportProgress() {
        progress?(LoadProgress(.reading, done: sectionsRead + reader.position - sectionStart, total: reader.bytes.count,
                               events: eventsHandedOn + entries.events.count))
    }

    /// Sends out a timeline of what is read so far, unchecked.
    mutating func sendPreview() {
        guard let preview, problems.isEmpty else { return }
        preview(Timeline(title: title ?? fileName, description: nil, backgroundLabel: backgroundLabel, sources: entries.sources,
                         people: entries.people, measures: entries.measures, events: entries.events))
    }

    // MARK: Top level

    enum Outcome {
        case loaded(Timeline)
        /// Problems in the content, listed by `diagnostics()`.
        case problems
        /// A file that is not JSON at all, reported on its own: what was decoded before the break may be misread.
        case broken(TimelineLoadError)
        /// The sink of a streamed load threw this.
        case sinkFailed(any Error)
    }

    /// A streamed quick pass met something wrong: the exact pass says what.
    struct QuickPassGaveUp: Error {}
    /// A streamed load's sink threw `error`.
    struct SinkFailed: Error { var error: any Error }

    mutating func decode() -> Outcome {
        do {
            try reader.start()
            let timeline = try decodeTimeline()
            try reader.finish()
            if problems.isEmpty, var timeline {
                if !warnings.isEmpty { timeline.warnings = diagnostics().warnings }
                return .loaded(timeline)
            }
            return .problems
        } catch is QuickPassGaveUp {
            return .problems
        } catch let failure as SinkFailed {
            return .sinkFailed(failure.error)
        } catch let error as JSONSyntaxError {
            let place = JSONLocator.places(of: [error.offset], in: reader.bytes, syntaxError: true)[error.offset]!
            return .broken(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, line: place.line, column: place.column, path: place.path,
                                                                      message: error.message)]))
        } catch {
            return .broken(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, message: "\(error)")]))
        }
    }

    mutating func decodeTimeline() throws -> Timeline? {
        guard var object = try beginObject(TopField.self) else { return nil }
        var format: String?
        var formatOffset = 0
        var description: String?
        var done: Set<TopField> = []
        var later: [TopField: Int] = [:]
        // Quotes need their sources, and participants their people: a section that comes before
        // what it refers to is stepped over and read once the loop is done.
        func ready(_ section: TopField) -> Bool {
            switch section {
            case .people: done.contains(.sources)
            // With previews to send, events come first: measures can wait, the screen cannot.
            case .measures: done.contains(.sources) && (preview == nil || done.contains(.events))
            // A sink needs the changes of the events it is given (their text is searched).
            case .events: done.contains(.sources) && done.contains(.people) && (sink == nil || done.contains(.measures))
            default: true
            }
        }
        while let field = try nextField(&object) {
            switch field {
            case .format: formatOffset = reader.position; format = try string()
            case .title: title = try string()
            case .description: description = try string(nullable: true)
            case .backgroundLabel: backgroundLabel = try string(nullable: true)
            case .measureKinds: vocabulary.kinds = try words(.kind)
            case .measureStatuses: vocabulary.statuses = try words(.status)
            case .convertedFrom, .scale, .media, .eras: try decodeTopPresentation(field)
            case .sources, .people, .measures, .events:
                if ready(field) {
                    try decodeSection(field)
                    done.insert(field)
                } else {
                    later[field] = reader.position
                    try skipSection()
                }
            }
        }
        let end = reader.position
        for section in [TopField.people, .measures, .events] {
            guard let offset = later[section] else { continue }
            reader.position = offset
            file.reread(from: offset)
            pagesGivenBackAt = offset
            try decodeSection(section)
        }
        reader.position = end

        if let format, format != TimelineLoader.formatName {
            report(formatOffset, "unsupported format \"\(TerminalText.sanitize(format))\"; this version of tl reads \"\(TimelineLoader.formatName)\"")
        }
        missing(object)
        settleDeferredRequirements()
        for change in changeEvents where sink == nil && !eventIDs.isDeclared(change.id) {
            report(change.offset, "unknown event \"\(TerminalText.sanitize(change.id))\"" + didYouMean(change.id, among: eventIDs.ids))
        }
        checkVocabulary()
        guard let title, problems.isEmpty else { return nil }
        // The timeline builds indexes of its own; these would only add to the peak.
        (sourceIDs, personIDs, measureIDs, eventIDs, changeEvents) = (IDRegistry(), IDRegistry(), IDRegistry(), IDRegistry(), [])
        // (No preview of every event here: it would cost a third full copy and index of the
        // events, and the finished timeline follows after the check.)
        if !keepsEvents { try handOnEvents() }
        guard strategy.complete(&entries, progress: progress) else { return nil }
        entries.sourceTexts = [:]
        progress?(LoadProgress(.indexing, done: 0, total: 0, events: entries.events.count))
        // Handed over, not shared: the timeline sorts them in place, which a second owner would turn into a copy.
        var (sources, people, measures, events) = ([Source](), [Person](), [Measure](), [Event]())
        swap(&sources, &entries.sources)
        swap(&people, &entries.people)
        swap(&measures, &entries.measures)
        swap(&events, &entries.events)
        var timeline = Timeline(title: title, description: description, backgroundLabel: backgroundLabel, sources: consume sources,
                                people: consume people, measures: consume measures, events: consume events)
        timeline.measureKinds = MeasureKind.builtIn + vocabulary.kinds.map { MeasureKind(rawValue: $0.word) }
        timeline.measureStatuses = MeasureStatus.builtIn + vocabulary.statuses.map { MeasureStatus(rawValue: $0.word) }
        applyPresentation(to: &timeline)
        return timeline
    }

    mutating func decodeSection(_ section: TopField) throws {
        sectionStart = reader.position
        defer { sectionsRead += reader.position - sectionStart; sectionStart = reader.position }
        switch section {
        case .sources:
            try elements { d in
                if let source = try d.decodeSource() { d.entries.sources.append(source) }
                if d.entries.sources.count % 1024 == 0 {
                    if d.sink != nil && d.entries.sources.count == 4096 { try d.handOnSources() }
                    d.reportProgress()
                }
            }
            try handOnSources()
            strategy.sourcesRead(entries.sources.map(\.file), from: files)
        case .people:
            try elements { d in
                if let person = try d.decodePerson() {
                    d.personIndex[person.id] = d.entries.people.count
                    d.entries.people.append(person)
                }
            }
        case .measures:
            try elements { d in
                guard var measure = try d.decodeMeasure() else { return }
                if let sink = d.sink, d.problems.isEmpty {
                    do { try sink.addChanges(of: measure, at: d.entries.measures.count) } catch { throw SinkFailed(error: error) }
                    measure.changes = TimelineList([])
                }
                d.entries.measures.append(measure)
            }
        default:
            try elements(ifEmpty: "the timeline has no events; add at least one") { d in
                if let event = try d.decodeEvent() { d.entries.events.append(event) }
                if d.entries.events.count % 4096 == 0 {
                    if !d.keepsEvents { try d.handOnEvents() } else if d.entries.events.count == 4096 { d.reserveForTheRestOfTheEvents() }
                    d.reportProgress()
                }
                if d.entries.events.count == d.nextPreview {
                    d.sendPreview()
                    d.nextPreview *= 4
                }
            }
        }
    }

    /// Hands the sources read so far on to the sink, if any: a streamed load keeps none, since
    /// a timeline may have a million.
    mutating func handOnSources() throws {
        guard let sink else { return }
        defer { entries.sources.removeAll(keepingCapacity: true) }
        guard problems.isEmpty else { throw QuickPassGaveUp() }
        do { try sink.add(entries.sources) } catch { throw SinkFailed(error: error) }
    }

    /// The publication date of the source `id`, which a date's phrase is read against when it
    /// names no anchor: the sink knows it in a streamed load.
    mutating func publication(ofSource id: String) throws -> TimelineDate? {
        guard let sink else { return entries.sourceTexts[id]?.publication }
        do { return try sink.publication(ofSource: id) } catch { throw SinkFailed(error: error) }
    }

    /// Hands the events read so far on to the sink (a streamed load's quick pass), or drops them
    /// (its exact pass, which only reports).
    mutating func handOnEvents() throws {
        defer {
            eventsHandedOn += entries.events.count
            entries.events.removeAll(keepingCapacity: true)
        }
        guard let sink else { return }
        // After a problem the exact pass is run to report it: nothing more is worth handing on.
        guard problems.isEmpty else { throw QuickPassGaveUp() }
        do {
            if !sinkBegun {
                sinkBegun = true
                try sink.begin(Timeline(title: title ?? fileName, description: nil, backgroundLabel: backgroundLabel, sources: [],
                                        people: entries.people, measures: entries.measures, events: []))
            }
            try sink.add(entries.events)
        } catch {
            throw SinkFailed(error: error)
        }
    }

    /// Gives back the file's pages behind the reader every 16 MiB it reads (keeping the last
    /// MiB), in every section: a mapped file's pages count as the process's memory while they
    /// are held.
    mutating func givePagesBack() {
        guard reader.position - pagesGivenBackAt >= 1 << 24 else { return }
        file.release(before: reader.position - (1 << 20))
        pagesGivenBackAt = reader.position
    }

    /// Steps over a section to be read later, giving its pages back as it goes.
    mutating func skipSection() throws {
        guard try reader.peekKind() == .array else { return try reader.skipValue() }
        try reader.enterArray()
        var count = 0
        while try reader.nextElement(first: count == 0) {
            count += 1
            try reader.skipValue()
            givePagesBack()
        }
    }

    /// Makes room for as many events as the rest of the file holds at the size of those read so
    /// far: a million events then cost no doubling copies of the array and no rehashing of their
    /// ids, and no moment with the old and the new array both alive.
    mutating func reserveForTheRestOfTheEvents() {
        let bytesPerEvent = Double(reader.position - sectionStart) / Double(entries.events.count)
        let estimate = Int(Double(reader.bytes.count - sectionStart) / bytesPerEvent * 1.02)
        entries.events.reserveCapacity(estimate)
        eventIDs.reserve(estimate)
    }

    // MARK: Ids

    /// Reads the id field at the reader (a string without spaces or control characters) and
    /// declares it, valid or not.
    mutating func id(_ kind: IDRegistry.Kind) throws -> String? {
        let offset = reader.position
        guard let id = try string() else { return nil }
        if !isLeftToSink(kind) { withIDs(kind) { $0.declare(id) } }
        let printableASCII = id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        if !printableASCII, id.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalText.isUnsafe($0) }) {
            report(offset, "id \"\(TerminalText.sanitize(id))\" must not contain spaces or control characters")
            return nil
        }
        return id
    }

    /// Whether `id` is new among valid entries; reports it as a duplicate of its first use otherwise.
    mutating func isFirstUse(of id: String, _ kind: IDRegistry.Kind, at offset: Int) -> Bool {
        if isLeftToSink(kind) { return true }
        guard let first = withIDs(kind, { $0.use(id, at: offset) }) else { return true }
        problems.append(Problem(offset: offset, message: "duplicate \(kind.rawValue) id \"\(id)\"", firstUse: first))
        return false
    }

    /// Whether ids of `kind` are left for the sink to check (a streamed load's events and
    /// sources, whose registries would grow with the file).
    func isLeftToSink(_ kind: IDRegistry.Kind) -> Bool {
        sink != nil && (kind == .event || kind == .source)
    }

    mutating func withIDs<R>(_ kind: IDRegistry.Kind, _ body: (inout IDRegistry) -> R) -> R {
        switch kind {
        case .source: body(&sourceIDs)
        case .person: body(&personIDs)
        case .measure: body(&measureIDs)
        case .event: body(&eventIDs)
        }
    }
}
