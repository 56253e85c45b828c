// The schedule runs use every core themselves; test classes running side by side would only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
