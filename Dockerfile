# Multi-stage build of the SharesConsole control plane (console, API, edge, DNS).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig SharesConsole.sln ./
COPY src/ src/
COPY migrations/ migrations/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/SharesConsole.Web/SharesConsole.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin sharesconsole \
    && mkdir -p /app/data && chown sharesconsole /app/data
WORKDIR /app
COPY --from=build /app ./
USER sharesconsole
ENV ASPNETCORE_URLS=http://+:5000 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Lab__Enabled=false
VOLUME ["/app/data"]
EXPOSE 5000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://localhost:5000/healthz || exit 1
ENTRYPOINT ["dotnet", "SharesConsole.Web.dll"]
