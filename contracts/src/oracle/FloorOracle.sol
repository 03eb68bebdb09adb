// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../interfaces/IFloorOracle.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {MerkleProofLib} from "solady/utils/MerkleProofLib.sol";

/// @title FloorOracle
/// @author Hypotheca
/// @notice NFT floor prices from a quorum of independent feeders: median, spread check, deviation clamp,
/// minimum spacing, TWAP over a ring buffer, per-collection pause and delayed per-token premium roots.
/// @dev Storage per collection: one hot slot (rules, feeder count, pending-report count, pause, round id),
/// one slot per feeder report, one per round, one per TWAP observation. Every loop is bounded by
/// MAX_FEEDERS or 2 + log2(OBSERVATION_CARDINALITY); `submit` makes no external call. The time rules compare
/// block timestamps on purpose: their thresholds are minutes to hours, far above a validator's drift.
contract FloorOracle is IFloorOracle, Ownable2Step {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Feeders per collection; bounds the median's loop and sort.
    uint256 public constant MAX_FEEDERS = 15;
    /// @notice Observations kept per collection (one per round): the TWAP window must fit in
    /// (OBSERVATION_CARDINALITY - 1) * minSpacing.
    uint256 public constant OBSERVATION_CARDINALITY = 128;
    /// @notice Upper bound of `maxPremiumBps` (10x the floor): keeps consumers' value maths far from overflow.
    uint256 public constant MAX_PREMIUM_CAP_BPS = 100_000;
    /// @notice Upper bound of `premiumDelay`.
    uint256 public constant MAX_PREMIUM_DELAY = 365 days;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MIN_QUORUM = 3;

    // Bit offsets in the State and StoredRound words (fields are packed from the low-order end in
    // declaration order): quorum 8, maxReportAge 32, minSpacing 32, maxDeviationBps 16, maxSpreadBps 16
    // bits, then twapWindow 32; maxStaleness 32; feederCount 8, pending 8; paused 8; roundId. Price 128
    // bits, then updatedAt 40, cursorBack 8, cursorTimestamp.
    uint256 internal constant STATE_TWAP_WINDOW_SHIFT = 104;
    uint256 internal constant STATE_MAX_STALENESS_SHIFT = 136;
    uint256 internal constant STATE_PAUSED_SHIFT = 184;
    uint256 internal constant STATE_ROUND_ID_SHIFT = 192;
    uint256 internal constant ROUND_UPDATED_AT_SHIFT = 128;
    uint256 internal constant ROUND_CURSOR_BACK_SHIFT = 168;
    uint256 internal constant ROUND_CURSOR_TIMESTAMP_SHIFT = 176;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev The collection's rules and counters in one slot, read once per `submit`.
    struct State {
        // CollectionConfig, flattened so it shares the slot (168 bits). quorum == 0: not listed.
        uint8 quorum;
        uint32 maxReportAge;
        uint32 minSpacing;
        uint16 maxDeviationBps;
        uint16 maxSpreadBps;
        uint32 twapWindow;
        uint32 maxStaleness;
        uint8 feederCount;
        // Feeder slots whose report belongs to the current epoch (see Report.epoch), kept exact by submit
        // and removal. It bounds the fresh reports from above, so they are scanned only once a quorum is
        // possible.
        uint8 pending;
        bool paused;
        // Latest round (0 = none); also the current epoch.
        uint64 roundId;
    }

    /// @dev One slot. `epoch` = the round id when it was submitted: it counts only while that round is
    /// still the latest, i.e. it came after the last accepted value (even within the same block).
    struct Report {
        uint128 price;
        uint40 timestamp;
        uint64 epoch;
    }

    /// @dev One slot. `cumulative` = integral of the accepted price over time since the first round; a
    /// price below 2^128 over 2^40 seconds cannot overflow 216 bits.
    struct Observation {
        uint40 timestamp;
        uint216 cumulative;
    }

    /// @dev One slot: a Round plus the TWAP cursor, which only the latest round's slot carries (older
    /// rounds keep a stale one nobody reads). The cursor is the latest kept observation at or before
    /// `updatedAt - twapWindow` (or the oldest kept one if none is): every later read's window starts at or
    /// after it, so its search starts there. It lives here, not in State (whose 256 bits are all taken),
    /// because this slot is read by every price read and written whole by every accepted value anyway: the
    /// cursor costs no extra SLOAD and no extra SSTORE.
    struct StoredRound {
        uint128 price;
        uint40 updatedAt;
        // The cursor's round is roundId - cursorBack; a kept round is at most OBSERVATION_CARDINALITY - 1 back.
        uint8 cursorBack;
        // Its observation's timestamp: the search can interpolate from it without reading it.
        uint40 cursorTimestamp;
    }

    struct Premium {
        bytes32 active;
        bytes32 pending;
        uint40 activatesAt; // 0 = nothing pending
    }

    struct Market {
        State state;
        // Feeder i reports in reports[i]; a removal moves the last feeder and its report into the gap.
        address[MAX_FEEDERS] feeders;
        Report[MAX_FEEDERS] reports;
        Observation[OBSERVATION_CARDINALITY] observations;
        mapping(address feeder => uint256) position; // index + 1, 0 = not a feeder
        mapping(uint256 roundId => StoredRound) rounds;
        Premium premium;
    }

    uint256 internal immutable _PREMIUM_DELAY;
    uint256 internal immutable _MAX_PREMIUM_BPS;

    address internal _guardian;
    mapping(address collection => Market) internal _markets;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @notice Deploys the oracle with its premium rules (fixed for its lifetime).
    /// @param owner_ The owner (a timelock or multisig).
    /// @param premiumDelay_ Seconds before a proposed premium root takes effect, in (0, MAX_PREMIUM_DELAY].
    /// @param maxPremiumBps_ The largest premium multiplier, in [10_000, MAX_PREMIUM_CAP_BPS].
    constructor(address owner_, uint256 premiumDelay_, uint256 maxPremiumBps_) Ownable(owner_) {
        if (premiumDelay_ == 0 || premiumDelay_ > MAX_PREMIUM_DELAY) {
            revert InvalidParameter("premiumDelay", premiumDelay_);
        }
        if (maxPremiumBps_ < BPS || maxPremiumBps_ > MAX_PREMIUM_CAP_BPS) {
            revert InvalidParameter("maxPremiumBps", maxPremiumBps_);
        }
        _PREMIUM_DELAY = premiumDelay_;
        _MAX_PREMIUM_BPS = maxPremiumBps_;
    }

    /*//////////////////////////////////////////////////////////////
                                 FEEDERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFloorOracle
    function submit(address collection, uint256 price) external {
        Market storage market = _markets[collection];
        State memory state = market.state;
        if (state.quorum == 0) revert CollectionNotListed(collection);
        uint256 position = market.position[msg.sender];
        if (position == 0) revert NotFeeder(collection, msg.sender);
        if (price == 0) revert ZeroPrice();
        if (price > type(uint128).max) revert InvalidParameter("price", price);

        Report storage report = market.reports[position - 1];
        bool counted = report.timestamp != 0 && report.epoch == state.roundId;
        // Safe: range checked above; timestamps fit 40 bits for 30,000 years.
        // forge-lint: disable-next-line(unsafe-typecast)
        market.reports[position - 1] = Report(uint128(price), uint40(block.timestamp), state.roundId);
        emit ReportSubmitted(collection, msg.sender, price);

        if (!counted) {
            // At most feederCount <= MAX_FEEDERS slots are counted, so this cannot overflow.
            ++state.pending;
            market.state.pending = state.pending;
        }
        if (state.pending < state.quorum) return;
        _tryUpdate(collection, market, state);
    }

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFloorOracle
    function configure(address collection, CollectionConfig calldata config) external onlyOwner {
        if (collection == address(0)) revert InvalidParameter("collection", 0);
        if (config.quorum < MIN_QUORUM || config.quorum > MAX_FEEDERS) {
            revert InvalidParameter("quorum", config.quorum);
        }
        if (config.maxReportAge == 0) revert InvalidParameter("maxReportAge", 0);
        if (config.minSpacing == 0) revert InvalidParameter("minSpacing", 0);
        if (config.maxDeviationBps == 0 || config.maxDeviationBps > BPS) {
            revert InvalidParameter("maxDeviationBps", config.maxDeviationBps);
        }
        if (config.maxSpreadBps == 0) revert InvalidParameter("maxSpreadBps", 0);
        // The ring buffer must reach back a whole window when rounds are minSpacing apart.
        if (config.twapWindow == 0 || config.twapWindow > (OBSERVATION_CARDINALITY - 1) * config.minSpacing) {
            revert InvalidParameter("twapWindow", config.twapWindow);
        }
        if (config.maxStaleness == 0) revert InvalidParameter("maxStaleness", 0);

        Market storage market = _markets[collection];
        State storage state = market.state;
        uint256 previousWindow = state.twapWindow;
        state.quorum = config.quorum;
        state.maxReportAge = config.maxReportAge;
        state.minSpacing = config.minSpacing;
        state.maxDeviationBps = config.maxDeviationBps;
        state.maxSpreadBps = config.maxSpreadBps;
        state.twapWindow = config.twapWindow;
        state.maxStaleness = config.maxStaleness;
        uint256 roundId = state.roundId;
        // The cursor belongs to the window: move it to the new one's anchor so reads stay O(1) (reads would
        // be exact anyway: they restart from the oldest observation when the cursor lies after their start).
        if (roundId != 0 && config.twapWindow != previousWindow) {
            _recomputeCursor(market, roundId, config.twapWindow);
        }
        emit CollectionConfigured(collection, config);
    }

    /// @inheritdoc IFloorOracle
    function setFeeder(address collection, address feeder, bool authorised) external onlyOwner {
        Market storage market = _markets[collection];
        if (market.state.quorum == 0) revert CollectionNotListed(collection);
        if (feeder == address(0)) revert InvalidParameter("feeder", 0);
        uint256 position = market.position[feeder];
        if (authorised && position == 0) {
            uint256 count = market.state.feederCount;
            if (count == MAX_FEEDERS) revert TooManyFeeders(collection, MAX_FEEDERS);
            // The slot at `count` was cleared when it was last vacated: the new feeder starts without a report.
            market.feeders[count] = feeder;
            market.position[feeder] = count + 1;
            // Safe: count < MAX_FEEDERS.
            // forge-lint: disable-next-line(unsafe-typecast)
            market.state.feederCount = uint8(count + 1);
        } else if (!authorised && position != 0) {
            _removeFeeder(market, feeder, position - 1);
        }
        emit FeederSet(collection, feeder, authorised);
    }

    /// @inheritdoc IFloorOracle
    function setGuardian(address guardian_) external onlyOwner {
        _guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @inheritdoc IFloorOracle
    function setPaused(address collection, bool paused_) external {
        if (msg.sender != _guardian && msg.sender != owner()) revert Unauthorized(msg.sender);
        State storage state = _markets[collection].state;
        if (state.quorum == 0) revert CollectionNotListed(collection);
        state.paused = paused_;
        emit PausedSet(collection, paused_);
    }

    /// @inheritdoc IFloorOracle
    function proposePremiumRoot(address collection, bytes32 root) external onlyOwner {
        Market storage market = _markets[collection];
        if (market.state.quorum == 0) revert CollectionNotListed(collection);
        Premium storage premium = market.premium;
        uint256 activatesAt = premium.activatesAt;
        // A proposal whose delay passed is already in force: keep it as the active root.
        if (_inForce(activatesAt)) premium.active = premium.pending;
        activatesAt = block.timestamp + _PREMIUM_DELAY;
        premium.pending = root;
        // Safe: premiumDelay <= MAX_PREMIUM_DELAY keeps it far below 2^40.
        // forge-lint: disable-next-line(unsafe-typecast)
        premium.activatesAt = uint40(activatesAt);
        emit PremiumRootProposed(collection, root, activatesAt);
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IFloorOracle
    function latestPrice(address collection)
        external
        view
        returns (uint256 price, uint256 updatedAt, uint256 roundId)
    {
        Market storage market = _markets[collection];
        roundId = market.state.roundId;
        StoredRound memory round = _latest(market, collection, roundId);
        return (round.price, round.updatedAt, roundId);
    }

    /// @inheritdoc IFloorOracle
    function twap(address collection) external view returns (uint256) {
        return _twapOf(collection);
    }

    /// @inheritdoc IFloorOracle
    function borrowPrice(address collection) external view returns (uint256) {
        Market storage market = _markets[collection];
        // The fields it needs from the State word: one SLOAD, no 11-field memory copy.
        uint256 stateWord = _word(market.state);
        if (((stateWord >> STATE_PAUSED_SHIFT) & type(uint8).max) != 0) revert PricePaused(collection);
        uint256 roundId = stateWord >> STATE_ROUND_ID_SHIFT;
        if (roundId == 0) revert NoPrice(collection);
        StoredRound storage latest = market.rounds[roundId];
        uint256 roundWord = _word(latest);
        uint256 updatedAt = (roundWord >> ROUND_UPDATED_AT_SHIFT) & type(uint40).max;
        uint256 maxStaleness = (stateWord >> STATE_MAX_STALENESS_SHIFT) & type(uint32).max;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - updatedAt > maxStaleness) {
            revert StalePrice(collection, updatedAt, maxStaleness);
        }
        uint256 price = roundWord & type(uint128).max;
        uint256 average =
            _twapNow(market, ((stateWord >> STATE_TWAP_WINDOW_SHIFT) & type(uint32).max), roundId, latest);
        return price < average ? price : average;
    }

    /// @inheritdoc IFloorOracle
    function liquidationPrice(address collection) external view returns (uint256) {
        return _twapOf(collection);
    }

    /// @inheritdoc IFloorOracle
    function premiumBps(address collection, uint256 tokenId, uint256 multiplierBps, bytes32[] calldata proof)
        external
        view
        returns (uint256)
    {
        if (proof.length == 0 && multiplierBps == BPS) return BPS;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(tokenId, multiplierBps))));
        if (
            multiplierBps < BPS || multiplierBps > _MAX_PREMIUM_BPS
                || !MerkleProofLib.verifyCalldata(proof, premiumRoot(collection), leaf)
        ) revert InvalidPremium(collection, tokenId, multiplierBps);
        return multiplierBps;
    }

    /// @inheritdoc IFloorOracle
    function getRound(address collection, uint256 roundId) external view returns (Round memory) {
        Market storage market = _markets[collection];
        if (roundId == 0 || roundId > market.state.roundId) revert RoundNotFound(collection, roundId);
        StoredRound memory round = market.rounds[roundId];
        return Round(round.price, round.updatedAt);
    }

    /// @inheritdoc IFloorOracle
    function collectionConfig(address collection) external view returns (CollectionConfig memory) {
        State memory state = _markets[collection].state;
        return CollectionConfig({
            quorum: state.quorum,
            maxReportAge: state.maxReportAge,
            minSpacing: state.minSpacing,
            maxDeviationBps: state.maxDeviationBps,
            maxSpreadBps: state.maxSpreadBps,
            twapWindow: state.twapWindow,
            maxStaleness: state.maxStaleness
        });
    }

    /// @inheritdoc IFloorOracle
    function feeders(address collection) external view returns (address[] memory list) {
        Market storage market = _markets[collection];
        uint256 count = market.state.feederCount;
        list = new address[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = market.feeders[i];
        }
    }

    /// @inheritdoc IFloorOracle
    function latestReport(address collection, address feeder)
        external
        view
        returns (uint256 price, uint256 timestamp)
    {
        Market storage market = _markets[collection];
        uint256 position = market.position[feeder];
        if (position == 0) return (0, 0);
        Report memory report = market.reports[position - 1];
        return (report.price, report.timestamp);
    }

    /// @inheritdoc IFloorOracle
    function paused(address collection) external view returns (bool) {
        return _markets[collection].state.paused;
    }

    /// @inheritdoc IFloorOracle
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc IFloorOracle
    function premiumRoot(address collection) public view returns (bytes32) {
        Premium storage premium = _markets[collection].premium;
        return _inForce(premium.activatesAt) ? premium.pending : premium.active;
    }

    /// @inheritdoc IFloorOracle
    function premiumDelay() external view returns (uint256) {
        return _PREMIUM_DELAY;
    }

    /// @inheritdoc IFloorOracle
    function maxPremiumBps() external view returns (uint256) {
        return _MAX_PREMIUM_BPS;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Runs once `state.pending` reaches the quorum: checks spacing, counts the fresh reports, then
    /// accepts their clamped median unless their spread is too wide. Never reverts.
    function _tryUpdate(address collection, Market storage market, State memory state) internal {
        uint256 roundId = state.roundId;
        StoredRound memory last = market.rounds[roundId];
        // forge-lint: disable-next-line(block-timestamp)
        if (roundId != 0 && block.timestamp < uint256(last.updatedAt) + state.minSpacing) return;

        (uint256[MAX_FEEDERS] memory prices, uint256 count) = _freshSortedReports(market, state);
        if (count < state.quorum) return;
        uint256 median = prices[(count - 1) / 2];
        uint256 lowest = prices[0];
        uint256 highest = prices[count - 1];
        if ((highest - lowest) * BPS > uint256(state.maxSpreadBps) * median) {
            emit SpreadTooWide(collection, lowest, highest, median);
            return;
        }
        uint256 price = roundId == 0 ? median : _clamp(median, last.price, state.maxDeviationBps);

        unchecked {
            // At least minSpacing > 0 seconds per round: 2^64 rounds are unreachable.
            ++roundId;
        }
        uint256 average = _record(market, roundId, price, last, state.twapWindow);
        // Every report now belongs to a past epoch: the next value needs a whole new quorum.
        // forge-lint: disable-next-line(unsafe-typecast)
        market.state.roundId = uint64(roundId);
        market.state.pending = 0;
        emit PriceUpdated(collection, roundId, price, median, average);
    }

    /// @dev The prices of the reports that count (current epoch, within maxReportAge), sorted ascending
    /// by insertion (at most MAX_FEEDERS of them).
    function _freshSortedReports(Market storage market, State memory state)
        internal
        view
        returns (uint256[MAX_FEEDERS] memory prices, uint256 count)
    {
        uint256 feederCount = state.feederCount;
        for (uint256 i; i < feederCount; ++i) {
            Report memory report = market.reports[i];
            if (
                report.epoch != state.roundId || report.timestamp == 0
                    // forge-lint: disable-next-line(block-timestamp)
                    || block.timestamp - report.timestamp > state.maxReportAge
            ) continue;
            uint256 price = report.price;
            uint256 j = count;
            while (j != 0 && prices[j - 1] > price) {
                prices[j] = prices[j - 1];
                --j;
            }
            prices[j] = price;
            ++count;
        }
    }

    /// @dev `median` moved at most `last * maxDeviationBps / 10_000` (rounded down) away from `last`.
    function _clamp(uint256 median, uint256 last, uint256 maxDeviationBps) internal pure returns (uint256) {
        uint256 maxMove = last * maxDeviationBps / BPS;
        if (median > last + maxMove) return last + maxMove;
        if (median + maxMove < last) return last - maxMove;
        return median;
    }

    /// @dev Writes round `roundId` (>= 1), whose previous round is `last`: its observation, then the
    /// round with its cursor. Returns the TWAP now, for the event: it starts at now - window, the new
    /// cursor's anchor, so one search from the previous cursor (usually one or two reads past it) yields
    /// both.
    function _record(
        Market storage market,
        uint256 roundId,
        uint256 price,
        StoredRound memory last,
        uint256 window
    ) internal returns (uint256 average) {
        uint256 observation = _observe(market, roundId, last);
        uint256 cursor;
        uint256 cursorTimestamp;
        (average, cursor, cursorTimestamp) = _twap(
            market, window, roundId, price, observation, roundId - 1 - last.cursorBack, last.cursorTimestamp
        );
        // One SSTORE for the round and its cursor. Safe: price <= max(median, last.price) < 2^128;
        // timestamps fit 40 bits; the cursor is a kept round, so at most OBSERVATION_CARDINALITY - 1 back.
        // forge-lint: disable-next-item(unsafe-typecast)
        market.rounds[roundId] = StoredRound(
            uint128(price), uint40(block.timestamp), uint8(roundId - cursor), uint40(cursorTimestamp)
        );
    }

    /// @dev Writes round `roundId`'s observation: the previous value held since the previous observation.
    /// Returns it as its slot word (see `_observation`).
    function _observe(Market storage market, uint256 roundId, StoredRound memory previousRound)
        internal
        returns (uint256 observation)
    {
        uint256 cumulative;
        if (roundId > 1) {
            uint256 previous = _observation(market, roundId - 1);
            cumulative = _cumulativeOf(previous) + uint256(previousRound.price)
                * (block.timestamp - _timestampOf(previous));
        }
        // Safe: see Observation; timestamps fit 40 bits.
        // forge-lint: disable-next-item(unsafe-typecast)
        market.observations[(roundId - 1) % OBSERVATION_CARDINALITY] =
            Observation(uint40(block.timestamp), uint216(cumulative));
        observation = cumulative << 40 | block.timestamp;
    }

    /// @dev A read's TWAP now, from the latest round (`roundId` >= 1) and its cursor.
    function _twapNow(Market storage market, uint256 window, uint256 roundId, StoredRound storage latest)
        internal
        view
        returns (uint256 average)
    {
        // The whole window lies in the last step: decided from the round's own timestamp (the latest
        // observation's), before reading anything else.
        // One SLOAD for the four fields (warm if the caller read it already).
        uint256 roundWord = _word(latest);
        uint256 price = roundWord & type(uint128).max;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - ((roundWord >> ROUND_UPDATED_AT_SHIFT) & type(uint40).max) > window - 1) {
            return price;
        }
        (average,,) = _twap(
            market,
            window,
            roundId,
            price,
            _observation(market, roundId),
            roundId - ((roundWord >> ROUND_CURSOR_BACK_SHIFT) & type(uint8).max),
            ((roundWord >> ROUND_CURSOR_TIMESTAMP_SHIFT) & type(uint40).max)
        );
    }

    /// @dev TWAP over [max(now - window, oldest observation), now] of the step function whose last step is
    /// `price` since round `roundId`'s observation `latest`, with now - window < its timestamp. Returns the
    /// cursor for that start too (see StoredRound). `cursor`/`cursorTimestamp` may be any round, kept or
    /// not, and its timestamp: the result is exact whatever they are; only the number of reads depends on
    /// them.
    function _twap(
        Market storage market,
        uint256 window,
        uint256 roundId,
        uint256 price,
        uint256 latest,
        uint256 cursor,
        uint256 cursorTimestamp
    ) internal view returns (uint256 average, uint256, uint256) {
        // forge-lint: disable-next-line(block-timestamp)
        uint256 time = block.timestamp > window ? block.timestamp - window : 0;
        uint256 startCumulative;
        uint256 start;
        (startCumulative, start, cursor, cursorTimestamp) =
            _locate(market, time, roundId, latest, cursor, cursorTimestamp);
        // forge-lint: disable-next-line(block-timestamp)
        if (start == block.timestamp) return (price, cursor, cursorTimestamp); // the instant of the first value
        uint256 nowCumulative = _cumulativeOf(latest) + price * (block.timestamp - _timestampOf(latest));
        average = (nowCumulative - startCumulative) / (block.timestamp - start);
        return (average, cursor, cursorTimestamp);
    }

    /// @dev For `time` < the timestamp of `latest` (round `roundId`'s observation): start = max(time,
    /// oldest kept timestamp), the cumulative price at `start`, and the next cursor: the latest kept round
    /// at or before `time` (the oldest kept one if none is) with its timestamp. The search starts at
    /// `cursor` when it is a kept round at or before `time` (the usual case: `time` only moves forward
    /// between updates), else at the oldest kept observation (the first value, the ring overwrote the
    /// cursor, a longer window).
    function _locate(
        Market storage market,
        uint256 time,
        uint256 roundId,
        uint256 latest,
        uint256 cursor,
        uint256 cursorTimestamp
    ) internal view returns (uint256 cumulative, uint256 start, uint256, uint256) {
        uint256 oldestRound = roundId > OBSERVATION_CARDINALITY ? roundId - (OBSERVATION_CARDINALITY - 1) : 1;
        if (cursor < oldestRound || cursorTimestamp > time) {
            uint256 oldest = _observation(market, oldestRound);
            uint256 oldestTimestamp = _timestampOf(oldest);
            // History (or what the buffer kept of it) is shorter than the window.
            if (!(time > oldestTimestamp)) {
                return (_cumulativeOf(oldest), oldestTimestamp, oldestRound, oldestTimestamp);
            }
            (cursor, cursorTimestamp) = (oldestRound, oldestTimestamp);
        }
        (cumulative, cursor, cursorTimestamp) =
            _cumulativeAt(market, time, cursor, cursorTimestamp, roundId, latest);
        return (cumulative, time, cursor, cursorTimestamp);
    }

    /// @dev Cumulative price at `time`, with round `lowRound` (kept, observed at `lowTimestamp`) at or before
    /// it and round `highRound` (observation `high`, given) after it: finds the two observations around it,
    /// then the step between them (exact: the price is constant there), and returns the one before too.
    /// Gas: every observation read is a cold slot (2,100). `lowRound` is the cursor, so the bracket holds
    /// only the rounds of the last window, wherever the gaps of older history were: the position
    /// interpolated from its two ends is usually the one before `time` or its neighbour, two reads (the
    /// low end's cumulative is read only if it is the answer). Whatever the guess, the bounds stay a valid
    /// bracket (timestamps strictly increase: rounds are at least minSpacing > 0 apart), and a bounded
    /// binary search finishes inside it, so the result is the one of a plain binary search.
    /// Positions are relative to lowRound; invariant: position `before` is at or before `time`, `beyond`
    /// after it; `low` is read once `before` moves off 0 (or at the end). Observations are slot words.
    function _cumulativeAt(
        Market storage market,
        uint256 time,
        uint256 lowRound,
        uint256 lowTimestamp,
        uint256 highRound,
        uint256 high
    ) internal view returns (uint256, uint256, uint256) {
        uint256 before;
        uint256 beyond = highRound - lowRound;
        uint256 low;
        // lowTimestamp <= time < high's timestamp, so guess is in [0, beyond - 1].
        uint256 guess = (time - lowTimestamp) * beyond / (_timestampOf(high) - lowTimestamp);
        if (guess != 0) {
            uint256 probe = _observation(market, lowRound + guess);
            if (time < _timestampOf(probe)) {
                (beyond, high) = (guess, probe);
                // Its left neighbour, unless it is the low end.
                if (guess - 1 != 0) {
                    --guess;
                    probe = _observation(market, lowRound + guess);
                    if (time < _timestampOf(probe)) (beyond, high) = (guess, probe);
                    else (before, low) = (guess, probe);
                }
            } else {
                (before, low) = (guess, probe);
                // Its right neighbour, unless it is the high end (read already).
                if (guess + 1 != beyond) {
                    ++guess;
                    probe = _observation(market, lowRound + guess);
                    if (time < _timestampOf(probe)) (beyond, high) = (guess, probe);
                    else (before, low) = (guess, probe);
                }
            }
        } else if (beyond != 1) {
            // The guess is the low end itself: check its right neighbour.
            uint256 probe = _observation(market, lowRound + 1);
            if (time < _timestampOf(probe)) (beyond, high) = (1, probe);
            else (before, low) = (1, probe);
        }
        while (beyond - before > 1) {
            uint256 middle = (before + beyond) / 2;
            uint256 probe = _observation(market, lowRound + middle);
            if (time < _timestampOf(probe)) (beyond, high) = (middle, probe);
            else (before, low) = (middle, probe);
        }
        if (before == 0) low = _observation(market, lowRound);
        uint256 lowTime = _timestampOf(low);
        uint256 lowCumulative = _cumulativeOf(low);
        uint256 stepPrice = (_cumulativeOf(high) - lowCumulative) / (_timestampOf(high) - lowTime);
        return (lowCumulative + stepPrice * (time - lowTime), lowRound + before, lowTime);
    }

    /// @dev Moves the latest round's cursor to the anchor of `window`: updatedAt - window (configure only).
    function _recomputeCursor(Market storage market, uint256 roundId, uint256 window) internal {
        StoredRound storage latest = market.rounds[roundId];
        uint256 updatedAt = latest.updatedAt;
        uint256 time = updatedAt > window ? updatedAt - window : 0;
        (,, uint256 cursor, uint256 cursorTimestamp) = _locate(
            market,
            time,
            roundId,
            _observation(market, roundId),
            roundId - latest.cursorBack,
            latest.cursorTimestamp
        );
        // Safe: a kept round is at most OBSERVATION_CARDINALITY - 1 back; timestamps fit 40 bits.
        // forge-lint: disable-next-item(unsafe-typecast)
        (latest.cursorBack, latest.cursorTimestamp) = (uint8(roundId - cursor), uint40(cursorTimestamp));
    }

    /// @dev Round `roundId`'s observation (meaningful while kept: the last OBSERVATION_CARDINALITY rounds)
    /// as its raw slot word: timestamp in the low 40 bits, cumulative above (Observation's layout). The
    /// search handles words, not memory structs: no allocation or field copies per probe.
    function _observation(Market storage market, uint256 roundId) internal view returns (uint256 word) {
        Observation storage observation = market.observations[(roundId - 1) % OBSERVATION_CARDINALITY];
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(observation.slot)
        }
    }

    /// @dev The raw word of a one-slot struct: the hot reads take the fields they need with shifts (offsets
    /// below, pinned by the struct layouts and checked by every read test) instead of a memory copy.
    function _word(State storage state) internal view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(state.slot)
        }
    }

    function _word(StoredRound storage round) internal view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(round.slot)
        }
    }

    function _timestampOf(uint256 observation) internal pure returns (uint256) {
        return observation & type(uint40).max;
    }

    function _cumulativeOf(uint256 observation) internal pure returns (uint256) {
        return observation >> 40;
    }

    /// @dev Whether a premium proposal activating at `activatesAt` (0 = none) is in force now.
    function _inForce(uint256 activatesAt) internal view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return activatesAt != 0 && !(block.timestamp < activatesAt);
    }

    /// @dev The collection's TWAP now; `NoPrice` before its first value.
    function _twapOf(address collection) internal view returns (uint256) {
        Market storage market = _markets[collection];
        // The two fields it needs from the State word: one SLOAD, no 11-field memory copy.
        uint256 stateWord = _word(market.state);
        uint256 roundId = stateWord >> STATE_ROUND_ID_SHIFT;
        if (roundId == 0) revert NoPrice(collection);
        return _twapNow(
            market,
            ((stateWord >> STATE_TWAP_WINDOW_SHIFT) & type(uint32).max),
            roundId,
            market.rounds[roundId]
        );
    }

    function _latest(Market storage market, address collection, uint256 roundId)
        internal
        view
        returns (StoredRound memory)
    {
        if (roundId == 0) revert NoPrice(collection);
        return market.rounds[roundId];
    }

    /// @dev Swap-and-pop: the last feeder and its report move into the gap; the vacated slot is cleared so
    /// a feeder added later starts without a report.
    function _removeFeeder(Market storage market, address feeder, uint256 index) internal {
        State storage state = market.state;
        uint256 lastIndex = state.feederCount - 1;
        Report memory removed = market.reports[index];
        if (removed.timestamp != 0 && removed.epoch == state.roundId) --state.pending;
        if (index != lastIndex) {
            address moved = market.feeders[lastIndex];
            market.feeders[index] = moved;
            market.reports[index] = market.reports[lastIndex];
            market.position[moved] = index + 1;
        }
        delete market.feeders[lastIndex];
        delete market.reports[lastIndex];
        delete market.position[feeder];
        // Safe: lastIndex < MAX_FEEDERS.
        // forge-lint: disable-next-line(unsafe-typecast)
        state.feederCount = uint8(lastIndex);
    }
}
