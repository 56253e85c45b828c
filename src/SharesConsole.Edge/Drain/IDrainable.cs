namespace SharesConsole.Edge.Drain;

/// <summary>A request, connection or flow that the drain deadline may close.</summary>
public interface IDrainable
{
    void Close();
}
