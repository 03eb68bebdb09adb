// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Deterministic market paths for the stress scenarios: the true floor of a collection over time,
/// as anchors (time since the scenario's start, floor in ETH) joined linearly, times an hourly intraday
/// noise drawn from a seed. Same seed, same path: the scenarios are reproducible and fast.
library PricePaths {
    uint256 internal constant BPS = 10_000;

    struct Path {
        /// Seconds since the scenario's start, strictly increasing, first 0.
        uint256[] times;
        /// The floor at each anchor (ETH, 18 decimals).
        uint256[] prices;
        /// Hourly noise amplitude (bps of the interpolated floor), uniform in [-noiseBps, +noiseBps].
        uint256 noiseBps;
        bytes32 seed;
    }

    /// @notice The true floor at `t` seconds after the start (the last anchor holds after the end).
    function at(Path memory path, uint256 t) internal pure returns (uint256) {
        uint256 last = path.times.length - 1;
        uint256 base;
        if (t >= path.times[last]) {
            base = path.prices[last];
        } else {
            uint256 i = 1;
            while (path.times[i] <= t) ++i;
            (uint256 t0, uint256 t1) = (path.times[i - 1], path.times[i]);
            (uint256 p0, uint256 p1) = (path.prices[i - 1], path.prices[i]);
            base = p1 >= p0 ? p0 + (p1 - p0) * (t - t0) / (t1 - t0) : p0 - (p0 - p1) * (t - t0) / (t1 - t0);
        }
        int256 noise = signedNoise(path.seed, t / 1 hours, path.noiseBps);
        // forge-lint: disable-next-line(unsafe-typecast)
        return base * uint256(int256(BPS) + noise) / BPS;
    }

    /// @notice A deterministic draw in [-amplitudeBps, +amplitudeBps] for `slot` of `seed`.
    function signedNoise(bytes32 seed, uint256 slot, uint256 amplitudeBps) internal pure returns (int256) {
        if (amplitudeBps == 0) return 0;
        uint256 draw = uint256(keccak256(abi.encode(seed, slot))) % (2 * amplitudeBps + 1);
        // forge-lint: disable-next-line(unsafe-typecast)
        return int256(draw) - int256(amplitudeBps);
    }

    /// @notice BendDAO, August 2022 (docs research/oracles.md): the BAYC floor fell from ~153.7 ETH to
    /// below 70 ETH (-55%); here over ten days, faster mid-way, with a capitulation wick on day 4
    /// (-7% in three hours, half retraced), then two flat days around 70 ETH while auctions clear.
    /// Intraday noise +-1.5% per hour.
    function bendDao2022() internal pure returns (Path memory path) {
        uint256[17] memory hoursAt =
            [uint256(0), 24, 48, 72, 96, 99, 108, 120, 144, 168, 192, 216, 240, 252, 264, 288, 312];
        uint256[17] memory floors = [
            uint256(153.7 ether),
            149.2 ether,
            141.0 ether,
            133.5 ether,
            121.0 ether,
            112.5 ether,
            117.0 ether,
            110.0 ether,
            101.0 ether,
            92.5 ether,
            84.0 ether,
            76.0 ether,
            69.0 ether,
            68.2 ether,
            70.5 ether,
            71.0 ether,
            71.0 ether
        ];
        path = _fromArrays(hoursAt, floors);
        path.noiseBps = 150;
        path.seed = keccak256("BendDAO Aug 2022");
    }

    /// @notice CryptoPunks, 2023 (Machi / Blur): ~10,000 ETH sold in 15 minutes took the floor from 75 to
    /// ~65 ETH. Here: a calm day at 75 ETH, then -15% in 15 minutes (63.75 ETH), two days around 64 ETH.
    /// Intraday noise +-0.5% per hour.
    function punksDump2023(uint256 dumpAt) internal pure returns (Path memory path) {
        path.times = new uint256[](5);
        path.prices = new uint256[](5);
        (path.times[0], path.prices[0]) = (0, 75 ether);
        (path.times[1], path.prices[1]) = (dumpAt, 75 ether);
        (path.times[2], path.prices[2]) = (dumpAt + 15 minutes, 63.75 ether);
        (path.times[3], path.prices[3]) = (dumpAt + 1 days, 64.5 ether);
        (path.times[4], path.prices[4]) = (dumpAt + 3 days, 64 ether);
        path.noiseBps = 50;
        path.seed = keccak256("Punks dump 2023");
    }

    function _fromArrays(uint256[17] memory hoursAt, uint256[17] memory floors)
        private
        pure
        returns (Path memory path)
    {
        path.times = new uint256[](hoursAt.length);
        path.prices = new uint256[](floors.length);
        for (uint256 i; i < hoursAt.length; ++i) {
            path.times[i] = hoursAt[i] * 1 hours;
            path.prices[i] = floors[i];
        }
    }
}
