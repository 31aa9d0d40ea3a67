"""Demo data for the collaboration area: resources with opening hours, bookings in every
state (completed ones with their recorded use), announcements, discussions and council
meeting records, in the national communities and a sample of the regional ones.

Deterministic for a given ``rng`` (the dates are relative to today, so that the demo
always has past use and coming bookings); written with ``bulk_create``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from iecommons.accounts.models import Role, RoleAssignment
from iecommons.collaboration.models import (
    Announcement,
    AvailabilityWindow,
    Booking,
    Meeting,
    MeetingDecision,
    Post,
    Resource,
    Thread,
    Usage,
)
from iecommons.registry.models import Community, Membership, Organization, Person

REGIONAL_SAMPLE = 50

# (type, name pattern, unit (Chinese, English), capacity range, has opening hours)
RESOURCE_KINDS = [
    (
        Resource.Type.TRAINING_BASE,
        "{org}产教融合实训基地",
        ("工位", "workstations"),
        (10, 40),
        True,
    ),
    (Resource.Type.LAB, "{org}联合实验室", ("间", "rooms"), (1, 1), True),
    (Resource.Type.EQUIPMENT, "{org}五轴数控加工中心", ("台", "machines"), (1, 3), True),
    (Resource.Type.COURSE, "{org}共建在线课程", ("席位", "seats"), (50, 200), False),
    (Resource.Type.TEXTBOOK, "{org}新形态活页式教材", ("册", "copies"), (100, 500), False),
    (Resource.Type.EXPERT, "{org}企业导师团队", ("人", "mentors"), (2, 6), True),
    (Resource.Type.DATASET, "{org}工业数据集", ("份", "data sets"), (5, 20), False),
    (Resource.Type.PATENT, "{org}专利许可包", ("项", "licences"), (1, 3), False),
]
#: The English names of the resources above, by type ("{org}": the owner's English name).
RESOURCE_NAMES_EN = {
    Resource.Type.TRAINING_BASE: "{org} Industry–Education Training Base",
    Resource.Type.LAB: "{org} Joint Laboratory",
    Resource.Type.EQUIPMENT: "{org} Five-Axis CNC Machining Centre",
    Resource.Type.COURSE: "{org} Co-developed Online Course",
    Resource.Type.TEXTBOOK: "{org} Loose-Leaf Textbook",
    Resource.Type.EXPERT: "{org} Enterprise Mentor Team",
    Resource.Type.DATASET: "{org} Industrial Data Set",
    Resource.Type.PATENT: "{org} Patent Licence Package",
}
PURPOSES = [
    "学生岗位实训",
    "教师企业实践",
    "技能竞赛集训",
    "联合技术攻关试验",
    "1+X 证书考核",
    "订单班实操课程",
]
ANNOUNCEMENTS = [
    (
        "关于开展年度共享资源登记的通知",
        "请各成员单位于本月底前在平台登记可共享的实训基地、设备与课程资源。",
        True,
    ),
    ("理事会会议纪要已发布", "本次理事会审议通过了年度工作计划，纪要已上传至文档库。", False),
    ("实训基地开放预约通知", "共享实训基地下月起面向成员单位开放预约，请通过平台提交申请。", True),
    ("关于报送产教融合典型案例的通知", "请各成员单位报送一项校企合作典型案例。", False),
]
THREADS = [
    (
        "共享实训设备的维护费用如何分摊？",
        ["建议按使用时长分摊。", "同意，并按季度结算。", "可参照成本回收条款。"],
    ),
    ("订单班招生计划讨论", ["今年计划招收两个订单班。", "企业可提供 40 个实习岗位。"]),
    ("联合申报技术攻关项目", ["欢迎有意向的成员单位报名。", "我校可提供实验室与研究团队。"]),
]
DECISIONS = [
    "审议通过年度工作计划",
    "同意吸收三家新成员单位",
    "设立共享资源管理办公室",
    "通过共享资源收费指导标准",
    "启动产教融合典型案例评选",
]


def _pick(communities: Iterable[Community], rng: random.Random) -> list[Community]:
    communities = list(communities)
    national = [c for c in communities if c.level == Community.Level.NATIONAL]
    regional = [c for c in communities if c.level != Community.Level.NATIONAL]
    sample = rng.sample(regional, min(REGIONAL_SAMPLE, len(regional)))
    return national + sorted(sample, key=lambda c: c.pk)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@transaction.atomic
def seed_collaboration(*, rng: random.Random, communities: Iterable[Community]) -> dict[str, int]:
    """Create the collaboration demo in the national communities and a sample of
    ``REGIONAL_SAMPLE`` regional ones among ``communities``; returns counts by kind."""
    chosen = _pick(communities, rng)
    ids = [c.pk for c in chosen]
    members: dict[int, list[int]] = {}
    for community_id, organization_id in (
        Membership.objects.filter(community_id__in=ids, left__isnull=True)
        .order_by("community_id", "organization_id")
        .values_list("community_id", "organization_id")
    ):
        members.setdefault(community_id, []).append(organization_id)
    names: dict[int, str] = {}
    names_en: dict[int, str] = {}
    for pk, name, name_en in Organization.objects.filter(
        pk__in={o for orgs in members.values() for o in orgs}
    ).values_list("pk", "name", "name_en"):
        names[pk] = name
        names_en[pk] = name_en
    representative: dict[int, int] = {}
    for organization_id, user_id in RoleAssignment.objects.filter(
        role=Role.MEMBER, ended_at__isnull=True, organization_id__in=names
    ).values_list("organization_id", "user_id"):
        representative.setdefault(organization_id, user_id)
    secretary: dict[int, int] = {}
    for community_id, user_id in RoleAssignment.objects.filter(
        role=Role.SECRETARIAT, ended_at__isnull=True, community_id__in=ids
    ).values_list("community_id", "user_id"):
        secretary.setdefault(community_id, user_id)

    today = timezone.localdate()
    resources: list[Resource] = []
    for community in chosen:
        organizations = members.get(community.pk, [])
        if len(organizations) < 2:
            continue
        count = 8 if community.level == Community.Level.NATIONAL else rng.randint(2, 5)
        for index in range(count):
            kind, pattern, unit, (low, high), _hours = RESOURCE_KINDS[
                (index + community.pk) % len(RESOURCE_KINDS)
            ]
            owner = rng.choice(organizations)
            terms = rng.choice(list(Resource.Terms))
            resources.append(
                Resource(
                    community=community,
                    owner_id=owner,
                    name=pattern.format(org=names[owner])[:200],
                    name_en=(
                        RESOURCE_NAMES_EN[kind].format(org=names_en[owner])[:200]
                        if names_en[owner]
                        else ""
                    ),
                    type=kind,
                    capacity=rng.randint(low, high),
                    unit=unit[0],
                    unit_en=unit[1],
                    terms=terms,
                    price=Decimal(rng.choice([50, 80, 120, 200])) if terms == "fee" else None,
                    location=community.region.name_zh if community.region_id else "",
                    location_en=community.region.name_en if community.region_id else "",
                    description="面向共同体成员单位开放共享。",
                )
            )
    Resource.objects.bulk_create(resources)

    windows: list[AvailabilityWindow] = []
    bookings: list[Booking] = []
    for resource in resources:
        has_hours = next(k for k in RESOURCE_KINDS if k[0] == resource.type)[4]
        if has_hours:
            windows.extend(
                AvailabilityWindow(
                    resource=resource,
                    weekday=weekday,
                    start_time=datetime.time(8),
                    end_time=datetime.time(18),
                )
                for weekday in range(5)
            )
        borrowers = [o for o in members[resource.community_id] if o != resource.owner_id]
        # One booking per weekday slot at most: morning 9–12 or afternoon 14–17.
        slots = set()
        for _ in range(rng.randint(3, 10)):
            day = today + datetime.timedelta(days=rng.randint(-56, 14))
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            hour = rng.choice([9, 14])
            if (day, hour) in slots:
                continue
            slots.add((day, hour))
            start = _at(day, hour)
            if day < today:
                status = rng.choice(
                    [Booking.Status.COMPLETED] * 4
                    + [Booking.Status.DECLINED, Booking.Status.CANCELLED]
                )
            else:
                status = rng.choice([Booking.Status.PENDING, Booking.Status.APPROVED])
            organization = rng.choice(borrowers)
            decided = status not in (Booking.Status.PENDING, Booking.Status.CANCELLED)
            bookings.append(
                Booking(
                    resource=resource,
                    organization_id=organization,
                    requested_by_id=representative.get(organization),
                    start=start,
                    end=start + datetime.timedelta(hours=3),
                    quantity=rng.randint(1, resource.capacity) if resource.capacity > 1 else 1,
                    purpose=rng.choice(PURPOSES),
                    status=status,
                    decided_by_id=representative.get(resource.owner_id) if decided else None,
                    decided_at=start - datetime.timedelta(days=2) if decided else None,
                    decision_comment="设备当日检修" if status == Booking.Status.DECLINED else "",
                )
            )
    AvailabilityWindow.objects.bulk_create(windows)
    Booking.objects.bulk_create(bookings)
    # A third of the pending requests have waited four days: escalate_bookings has work.
    waiting = [b.pk for b in bookings if b.status == Booking.Status.PENDING][::3]
    Booking.objects.filter(pk__in=waiting).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    usages = [
        Usage(
            booking=booking,
            hours=Decimal(rng.choice(["2", "2.5", "3"])),
            quantity=booking.quantity,
            note="按计划完成",
            recorded_by_id=booking.decided_by_id,
        )
        for booking in bookings
        if booking.status == Booking.Status.COMPLETED
    ]
    Usage.objects.bulk_create(usages)

    announcements: list[Announcement] = []
    threads: list[Thread] = []
    thread_posts: list[tuple[Thread, list[str], list[int]]] = []
    meetings: list[Meeting] = []
    now = timezone.now()
    for community in chosen:
        author = secretary.get(community.pk)
        for title, body, public in rng.sample(ANNOUNCEMENTS, rng.randint(2, len(ANNOUNCEMENTS))):
            announcements.append(
                Announcement(
                    community=community,
                    title=title,
                    body=body,
                    is_public=public,
                    author_id=author,
                )
            )
        reps = [representative[o] for o in members.get(community.pk, []) if o in representative]
        for title, posts in rng.sample(THREADS, 2):
            thread = Thread(
                community=community,
                title=title,
                author_id=author,
                last_post_at=now,
                post_count=len(posts),
            )
            threads.append(thread)
            thread_posts.append((thread, posts, reps or ([author] if author else [])))
        for number in range(rng.randint(1, 2)):
            meetings.append(
                Meeting(
                    community=community,
                    title=f"第{number + 1}次理事会会议",
                    held_on=today - datetime.timedelta(days=rng.randint(20, 300)),
                    place=f"{community.region.name_zh}产教融合中心" if community.region_id else "",
                    minutes="会议听取了秘书处工作报告，讨论了共享资源建设与年度计划。",
                    recorded_by_id=author,
                )
            )
    Announcement.objects.bulk_create(announcements)
    Thread.objects.bulk_create(threads)
    Post.objects.bulk_create(
        [
            Post(thread=thread, body=body, author_id=rng.choice(authors) if authors else None)
            for thread, bodies, authors in thread_posts
            for body in bodies
        ]
    )
    Meeting.objects.bulk_create(meetings)
    MeetingDecision.objects.bulk_create(
        [
            MeetingDecision(meeting=meeting, order=order, text=text)
            for meeting in meetings
            for order, text in enumerate(rng.sample(DECISIONS, 3), start=1)
        ]
    )
    people: dict[int, list[int]] = {}
    for person_id, organization_id in Person.objects.filter(organization_id__in=names).values_list(
        "pk", "organization_id"
    ):
        people.setdefault(organization_id, []).append(person_id)
    through = Meeting.attendees.through
    attendance = []
    for meeting in meetings:
        candidates = sorted(
            {p for o in members.get(meeting.community_id, []) for p in people.get(o, [])}
        )
        for person_id in rng.sample(candidates, min(8, len(candidates))):
            attendance.append(through(meeting_id=meeting.pk, person_id=person_id))
    through.objects.bulk_create(attendance)
    return {
        "communities": len(chosen),
        "resources": len(resources),
        "bookings": len(bookings),
        "usages": len(usages),
        "announcements": len(announcements),
        "threads": len(threads),
        "meetings": len(meetings),
    }
