// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SoundmarkFixture} from "./utils/SoundmarkFixture.sol";
import {SoundmarkHandler} from "./utils/SoundmarkHandler.sol";
import {TrackNFT} from "../../contracts/tokens/TrackNFT.sol";
import {IPullPayments} from "../../contracts/interfaces/IPullPayments.sol";
import {ITrackNFT} from "../../contracts/interfaces/ITrackNFT.sol";
import {LicenceTerms} from "../../contracts/types/LicenceTerms.sol";
import {TrackKind} from "../../contracts/types/TrackKind.sol";
import {TrackRecord} from "../../contracts/types/TrackRecord.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @notice Money conservation in both PullPayments contracts under random fees, sales, settlements and withdrawals.
contract PaymentsInvariantTest is SoundmarkFixture {
    SoundmarkHandler internal handler;
    TrackNFT internal nft;

    function setUp() public {
        _deployRegistry();
        nft = new TrackNFT(address(reg), address(this));
        handler = new SoundmarkHandler(reg, nft);
        handler.seed();
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: handler.allSelectors()}));
    }

    /// Registry: fees paid in == sum of withdrawable + withdrawn, and the balance is what was not withdrawn.
    function invariant_registryBalanceConserved() public view {
        uint256 paidIn = handler.ghostRegPaidIn();
        uint256 withdrawn = handler.ghostRegWithdrawn();
        assertEq(paidIn, handler.sumRegistryWithdrawable() + withdrawn, "registry: paid in != credited + withdrawn");
        assertEq(address(reg).balance, paidIn - withdrawn, "registry: balance != paid in - withdrawn");
    }

    /// TrackNFT: prices paid in == sum of withdrawable + withdrawn + proceeds of minted, unsettled tokens, and the
    /// balance is what was not withdrawn.
    function invariant_nftBalanceConserved() public view {
        uint256 paidIn = handler.ghostNftPaidIn();
        uint256 withdrawn = handler.ghostNftWithdrawn();
        assertEq(
            paidIn,
            handler.sumNftWithdrawable() + withdrawn + handler.ghostNftUnsettled(),
            "nft: paid in != credited + withdrawn + unsettled"
        );
        assertEq(address(nft).balance, paidIn - withdrawn, "nft: balance != paid in - withdrawn");
    }

    /// Every payee's credit is exactly what the model owes it (fees to artists; royalty and registrant shares).
    function invariant_creditsMatchModel() public view {
        assertTrue(handler.creditsMatchModel(), "credits differ from the model");
        assertEq(handler.ghostErrors(), 0, string.concat("handler saw a difference from the model: ", handler.lastError()));
    }

    /// The registry side of the same campaign: no double registration, no invalid licence used.
    function invariant_registrationsSound() public view {
        assertEq(handler.countRegisteredOnChain(), handler.ghostRegistrations(), "registered records");
        assertEq(handler.ghostDuplicateSuccesses(), 0, "duplicate registrations");
        assertEq(handler.ghostInvalidLicenceSuccesses(), 0, "registered with an invalid licence");
        assertEq(handler.ghostUnexpectedFailures(), 0, string.concat("valid registrations that failed: ", handler.lastError()));
    }
}

/// @notice A payee contract that reenters `withdraw` from its `receive`.
contract ReentrantPayee {
    IPullPayments public target;
    bool public swallowReentryRevert;
    uint256 public received;
    uint256 public reentryAttempts;
    uint256 public reentrySuccesses;
    bytes public reentryError;
    IPullPayments public alsoWithdrawFrom; // a second contract to withdraw from during receive (cross-contract)

    function configure(bool swallow, IPullPayments also) external {
        swallowReentryRevert = swallow;
        alsoWithdrawFrom = also;
    }

    /// Lets the test act as this contract (register a style, register and list a track...).
    function exec(address to, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function withdrawFrom(IPullPayments t) external {
        target = t;
        t.withdraw(payable(address(this)));
    }

    receive() external payable {
        received += msg.value;
        if (address(alsoWithdrawFrom) != address(0)) {
            IPullPayments other = alsoWithdrawFrom;
            alsoWithdrawFrom = IPullPayments(address(0));
            other.withdraw(payable(address(this)));
        }
        if (reentryAttempts >= 3) return;
        ++reentryAttempts;
        if (swallowReentryRevert) {
            try target.withdraw(payable(address(this))) {
                ++reentrySuccesses;
            } catch (bytes memory e) {
                reentryError = e;
            }
        } else {
            target.withdraw(payable(address(this)));
            ++reentrySuccesses;
        }
    }
}

/// @notice A token receiver (and registrant) that tries to change its sold listing while its token is minted.
contract ReentrantReceiver is IERC721Receiver {
    TrackNFT public nft;
    TrackRecord internal _record;
    bool public relistSucceeded;
    bool public delistSucceeded;
    bool public mintAgainSucceeded;

    function init(TrackNFT nft_, TrackRecord calldata record) external {
        nft = nft_;
        _record = record;
    }

    function exec(address to, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function onERC721Received(address, address, uint256 tokenId, bytes calldata) external returns (bytes4) {
        try nft.list(_record, 0) {
            relistSucceeded = true;
        } catch {}
        try nft.delist(tokenId) {
            delistSucceeded = true;
        } catch {}
        try nft.mint{value: 0}(tokenId, address(this)) {
            mintAgainSucceeded = true;
        } catch {}
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// @notice Withdrawals: a payee that reenters `withdraw` from `receive` gets nothing extra.
contract PullPaymentsTest is SoundmarkFixture {
    TrackNFT internal nft;
    ReentrantPayee internal payee;

    function setUp() public {
        _deployRegistry();
        nft = new TrackNFT(address(reg), address(this));
        payee = new ReentrantPayee();
    }

    /// The payee registers a style at `fee`; `buys` licences are bought: it is owed fee * buys by the registry.
    function _creditRegistry(uint96 fee, uint256 buys) internal returns (uint256 owed) {
        LicenceTerms memory t = _terms(fee, 0, 0, true);
        uint256 styleId = abi.decode(payee.exec(address(reg), abi.encodeCall(reg.registerStyle, ("ipfs://evil", t))), (uint256));
        for (uint256 i = 0; i < buys; ++i) _buy(address(uint160(0xB000 + i)), styleId);
        owed = uint256(fee) * buys;
        assertEq(reg.withdrawable(address(payee)), owed, "registry credit");
    }

    /// The payee registers an original track, lists it at `price`, a collector mints it and it is settled: the payee
    /// (registrant of an unstyled track: 100%) is owed `price` by the NFT.
    function _creditNft(uint96 price, bytes32 c) internal returns (uint256 owed) {
        TrackRecord memory r = _record(c, address(payee), TrackKind.Original, 0, 0, _noParents(), c);
        payee.exec(address(reg), abi.encodeCall(reg.register, (c, r.kind, 0, 0, r.parents, c)));
        payee.exec(address(nft), abi.encodeCall(nft.list, (r, price)));
        address collector = address(0xC011);
        vm.deal(collector, price);
        vm.prank(collector);
        nft.mint{value: price}(uint256(c), collector);
        uint256[] memory ids = new uint256[](1);
        ids[0] = uint256(c);
        nft.settle(ids);
        owed = price;
        assertEq(nft.withdrawable(address(payee)), owed, "nft credit");
    }

    function test_withdraw_reentrantPayeeIsPaidOnce() public {
        uint256 owed = _creditRegistry(1 ether, 3);
        payee.configure(true, IPullPayments(address(0)));
        payee.withdrawFrom(reg);
        assertEq(payee.received(), owed, "paid exactly the credit");
        assertEq(address(payee).balance, owed, "payee balance");
        assertEq(payee.reentrySuccesses(), 0, "reentry succeeded");
        assertEq(payee.reentryAttempts(), 1, "reentry attempted");
        // Stopped by the reentrancy guard (or, without it, by the credit already being zero).
        bytes32 err = keccak256(payee.reentryError());
        assertTrue(
            err == keccak256(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector))
                || err
                    == keccak256(
                        abi.encodeWithSelector(IPullPayments.PullPaymentsNothingToWithdraw.selector, address(payee))
                    ),
            "reentry refused"
        );
        assertEq(reg.withdrawable(address(payee)), 0, "credit cleared");
        assertEq(address(reg).balance, 0, "registry emptied once");
    }

    /// Fuzzed credits, on either contract, with the reentrant revert swallowed or propagated.
    function testFuzz_withdraw_reentrantPayeeGetsNothingExtra(uint96 amount, uint8 buysRaw, bool onNft, bool swallow)
        public
    {
        amount = uint96(bound(amount, 1, 100 ether));
        uint256 buys = bound(buysRaw, 1, 4);
        IPullPayments target = onNft ? IPullPayments(address(nft)) : IPullPayments(address(reg));
        uint256 owed = onNft ? _creditNft(amount, keccak256(abi.encode("t", amount))) : _creditRegistry(amount, buys);
        // Someone else's money sits in the same contract and must stay there.
        uint256 othersMoney = onNft ? _creditNftToOther(7 ether) : _creditRegistryToOther(5 ether);
        uint256 held = address(target).balance;
        assertEq(held, owed + othersMoney, "held before");

        payee.configure(swallow, IPullPayments(address(0)));
        if (swallow) {
            payee.withdrawFrom(target);
            assertEq(payee.received(), owed, "paid once");
            assertEq(payee.reentrySuccesses(), 0, "no reentry");
            assertEq(target.withdrawable(address(payee)), 0, "credit cleared");
            assertEq(address(target).balance, othersMoney, "others' money stays");
        } else {
            // The reentrant call reverts, so receive reverts, so the withdrawal reverts as a whole.
            vm.expectRevert(
                abi.encodeWithSelector(IPullPayments.PullPaymentsTransferFailed.selector, address(payee), owed)
            );
            payee.withdrawFrom(target);
            assertEq(payee.received(), 0, "paid nothing");
            assertEq(address(payee).balance, 0, "payee balance");
            assertEq(target.withdrawable(address(payee)), owed, "credit kept");
            assertEq(address(target).balance, held, "nothing left the contract");
        }
    }

    /// Withdrawing from the other contract inside receive is allowed (separate credit, separate guard) and pays each
    /// credit exactly once.
    function test_withdraw_crossContractReentryPaysEachCreditOnce() public {
        uint256 owedReg = _creditRegistry(2 ether, 2);
        uint256 owedNft = _creditNft(3 ether, keccak256("cross"));
        payee.configure(true, IPullPayments(address(nft)));
        payee.withdrawFrom(reg);
        assertEq(payee.received(), owedReg + owedNft, "each credit once");
        assertEq(reg.withdrawable(address(payee)), 0, "registry credit cleared");
        assertEq(nft.withdrawable(address(payee)), 0, "nft credit cleared");
        assertEq(address(reg).balance, 0, "registry empty");
        assertEq(address(nft).balance, 0, "nft empty");
        // A second withdrawal has nothing to pay.
        vm.expectRevert(abi.encodeWithSelector(IPullPayments.PullPaymentsNothingToWithdraw.selector, address(payee)));
        payee.withdrawFrom(reg);
    }

    /// A registrant that receives its own token cannot relist (change the price), delist or mint again from
    /// onERC721Received; settlement pays the price it was sold at.
    function test_mint_reentrantReceiverCannotChangeSoldListing() public {
        ReentrantReceiver rcv = new ReentrantReceiver();
        bytes32 c = keccak256("receiver");
        TrackRecord memory r = _record(c, address(rcv), TrackKind.Original, 0, 0, _noParents(), c);
        rcv.init(nft, r);
        rcv.exec(address(reg), abi.encodeCall(reg.register, (c, r.kind, 0, 0, r.parents, c)));
        rcv.exec(address(nft), abi.encodeCall(nft.list, (r, 1 ether)));
        vm.deal(address(this), 1 ether);
        nft.mint{value: 1 ether}(uint256(c), address(rcv));
        assertEq(nft.ownerOf(uint256(c)), address(rcv), "owner");
        assertTrue(!rcv.relistSucceeded() && !rcv.delistSucceeded() && !rcv.mintAgainSucceeded(), "listing changed");
        assertEq(nft.listing(uint256(c)).price, 1 ether, "price kept");
        uint256[] memory ids = new uint256[](1);
        ids[0] = uint256(c);
        nft.settle(ids);
        assertEq(nft.withdrawable(address(rcv)), 1 ether, "credited the sale price");
        // Settling again (alone or repeated in a batch) credits nothing more.
        uint256[] memory twice = new uint256[](2);
        twice[0] = uint256(c);
        twice[1] = uint256(c);
        nft.settle(twice);
        nft.settle(ids);
        assertEq(nft.withdrawable(address(rcv)), 1 ether, "credited once");
        // An unsold token cannot be settled.
        ids[0] = uint256(keccak256("unsold"));
        vm.expectRevert(abi.encodeWithSelector(ITrackNFT.TrackNFTNotSettleable.selector, ids[0]));
        nft.settle(ids);
    }

    /// Withdrawing to the zero address would burn the credit: it reverts and the credit stays.
    function testFuzz_withdraw_revertsForZeroRecipient(uint96 fee, bool onNft) public {
        fee = uint96(bound(fee, 1, 100 ether));
        IPullPayments target = onNft ? IPullPayments(address(nft)) : IPullPayments(address(reg));
        uint256 owed = onNft ? _creditNft(fee, keccak256("zero")) : _creditRegistry(fee, 1);
        vm.expectRevert(abi.encodeWithSelector(IPullPayments.PullPaymentsZeroRecipient.selector));
        payee.exec(address(target), abi.encodeCall(IPullPayments.withdraw, (payable(address(0)))));
        assertEq(target.withdrawable(address(payee)), owed, "credit kept");
        assertEq(address(target).balance, owed, "money kept");
    }

    function _creditRegistryToOther(uint96 fee) internal returns (uint256) {
        uint32 styleId = _newStyle(fee, 0, 0, true); // artist is the fixture's artist
        _buy(address(0xD00D), styleId);
        return fee;
    }

    function _creditNftToOther(uint96 price) internal returns (uint256) {
        bytes32 c = keccak256("other's track");
        TrackRecord memory r = _record(c, licensee, TrackKind.Original, 0, 0, _noParents(), c);
        _register(r);
        vm.prank(licensee);
        nft.list(r, price);
        vm.deal(address(0xD00D), price);
        vm.prank(address(0xD00D));
        nft.mint{value: price}(uint256(c), address(0xD00D));
        uint256[] memory ids = new uint256[](1);
        ids[0] = uint256(c);
        nft.settle(ids);
        return price;
    }
}
