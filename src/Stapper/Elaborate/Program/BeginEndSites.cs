using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary><c>begin</c>, <c>begin(N)</c>: runs at start, lowest sequence first.</summary>
public sealed record BeginSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>end</c>, <c>end(N)</c>: runs at shutdown.</summary>
public sealed record EndSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>error</c>, <c>error(N)</c>: at shutdown after runtime errors; end probes are then skipped (stapprobes).</summary>
public sealed record ErrorSite(long Sequence, string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);

/// <summary><c>never</c>: type-checked, never run.</summary>
public sealed record NeverSite(string Name, bool Optional, SourceSpan Span) : ProbeSite(Name, Optional, Span);
