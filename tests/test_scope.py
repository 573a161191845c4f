"""Section 二: is the draft a normative document?  Drafts written for these tests."""

import pytest

from doclint.document import Document
from doclint.source import Source


def scope(text):
    return Document(Source("t.txt", text, "txt")).scope


@pytest.mark.parametrize(
    "text,expected,words",
    [
        ("某某市人民政府办公室关于印发某某市城区停车场管理办法的通知\n第一条 停车场经营者应当明码标价，不得擅自提高收费标准。\n",
         True, "不特定"),
        ("某某市人民政府办公室关于印发某某市公共停车设施建设管理办法的通知\n第一条 为规范公共停车设施建设，制定本办法。\n",
         True, "办法"),
        ("某某市人民政府关于召开全市停车管理工作会议的会议纪要\n会议听取了各部门汇报。\n", False, "会议纪要"),
        ("某某市人民政府办公室关于印发2025年停车管理工作要点的通知\n一、市城管局负责推进停车场建设。\n", False, "工作计划"),
        ("某某市人民政府办公室关于印发城区停车秩序整治实施方案的通知\n一、市城管局牵头，各区政府配合。\n", False, "工作方案"),
        ("某某市人民政府办公室关于印发城区停车秩序整治实施方案的通知\n一、沿街商户不得在门前划设专用车位，违者由城管部门清除。\n",
         True, "工作方案原则上"),
        ("某某市城市管理局关于征求停车管理办法修改意见的函\n请于5日内反馈。\n", False, "函"),
        ("某某市人民政府关于启用某某局行政审批专用章的通知\n自即日起启用。\n", False, "印章"),
        ("某某市人民政府办公室关于做好春节期间值班工作的通知\n各部门要安排好值班人员。\n", False, "行政机关自身工作"),
        ("随手写的一句话\n", None, "标题"),
    ],
)
def test_scope_decisions(text, expected, words):
    result = scope(text)
    assert result["normative"] is expected, result
    assert any(words in r for r in result["reasons"]), result["reasons"]
