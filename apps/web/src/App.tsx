import { Header } from "./components/Header.tsx";
import { Ticker } from "./components/Ticker.tsx";
import { useLiveBlockNumber } from "./queries.ts";

export function App() {
  const block = useLiveBlockNumber();
  return (
    <>
      <Header blockNumber={block.data} rpcError={block.isError && block.data === undefined} />
      <main className="page">
        <Ticker />
      </main>
    </>
  );
}
