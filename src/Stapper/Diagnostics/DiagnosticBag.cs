namespace Stapper.Diagnostics;

/// <summary>Collects diagnostics inside one pass; the pass returns them as an immutable list.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public bool HasErrors => _items.Any(d => d.IsError);
    public int Count => _items.Count;

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Drops what was added after the first <paramref name="count"/> (an attempt whose errors are replaced).</summary>
    public void Truncate(int count) => _items.RemoveRange(count, _items.Count - count);

    public void Error(string code, string kind, string message, SourceSpan? span, string? token = null, string? tokenLabel = null) =>
        _items.Add(new Diagnostic(Severity.Error, code, kind, message, span, token, tokenLabel));

    public void Warning(string code, string message, SourceSpan? span, string? token = null) =>
        _items.Add(new Diagnostic(Severity.Warning, code, "WARNING", message, span, token));

    public System.Collections.Immutable.ImmutableArray<Diagnostic> ToImmutable() => [.. _items];
}
