(function(){
  'use strict';
  var stateEl = document.getElementById('doclint-state');
  if(!stateEl){ return; }
  var state = JSON.parse(stateEl.textContent);
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var labels = {accept: '已采纳', reject: '不采纳', edit: '已修改'};
  function el(tag, cls, text){ var x = document.createElement(tag); if(cls){ x.className = cls; } if(text){ x.textContent = text; } return x; }
  function post(body, done, fail){
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/r/' + state.rid + '/decide');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.onload = function(){
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch(e) {}
      if(xhr.status === 200){ done(data); } else { fail(data.error || ('请求失败（' + xhr.status + '）')); }
    };
    xhr.onerror = function(){ fail('无法连接到 doclint serve'); };
    xhr.send(JSON.stringify(body));
  }
  function counts(c){
    var box = document.getElementById('dec-counts');
    if(box && c){ box.textContent = '采纳 ' + c.accept + ' · 不采纳 ' + c.reject + ' · 修改 ' + c.edit + ' · 未处理 ' + c.open; }
  }
  function show(note, key, d){
    note.classList.remove('dec-accept', 'dec-reject', 'dec-edit');
    var st = note.querySelector('.dec .state');
    var rm = note.querySelector('.dec-remark');
    var msg = note.querySelector('.msg');
    if(msg && msg.dataset.orig === undefined){ msg.dataset.orig = msg.textContent; }
    if(msg){ msg.textContent = (d && d.action === 'edit') ? d.text : msg.dataset.orig; }
    rm.textContent = (d && d.remark) ? '备注：' + d.remark : '';
    rm.hidden = !(d && d.remark);
    if(!d || !d.action){ st.textContent = '未处理（默认采纳）'; return; }
    note.classList.add('dec-' + d.action);
    st.textContent = labels[d.action] + (d.action === 'reject' ? '：' + d.reason : '');
  }
  document.querySelectorAll('.note[data-file][data-n]:not(.sup)').forEach(function(note){
    var key = note.getAttribute('data-file') + '-' + note.getAttribute('data-n');
    note.setAttribute('data-key', key);
    var bar = el('div', 'dec');
    var acc = el('button', 'accept', '采纳'), rej = el('button', 'reject', '不采纳'), edt = el('button', 'edit', '修改');
    var rmk = el('button', 'remark', '备注');
    [acc, rej, edt, rmk].forEach(function(b){ b.type = 'button'; bar.appendChild(b); });
    var st = el('span', 'state'); bar.appendChild(st);
    var rm = el('div', 'dec-remark'); rm.hidden = true; bar.appendChild(rm);
    var form = el('div', 'form'); form.hidden = true;
    var area = el('textarea'); var ok = el('button', 'confirm', '确定'); ok.type = 'button';
    var err = el('span', 'err-line');
    form.appendChild(area); form.appendChild(ok); form.appendChild(err); bar.appendChild(form);
    note.appendChild(bar);
    var mode = null;
    bar.addEventListener('click', function(e){ e.stopPropagation(); });
    function send(body){
      err.textContent = '';
      post(body, function(data){
        state.decisions[key] = data.decision || undefined;
        show(note, key, state.decisions[key]); form.hidden = true; counts(data.counts);
      }, function(m){ err.textContent = m; form.hidden = false; });
    }
    acc.addEventListener('click', function(){ send({key: key, action: 'accept'}); });
    rej.addEventListener('click', function(){
      mode = 'reject'; form.hidden = false; area.value = ''; area.placeholder = '不采纳的理由（必填）'; area.setAttribute('aria-label', '不采纳的理由'); area.focus();
    });
    edt.addEventListener('click', function(){
      var msg = note.querySelector('.msg');
      mode = 'edit'; form.hidden = false; area.value = msg ? msg.textContent : ''; area.placeholder = '修改后的表述'; area.setAttribute('aria-label', '修改后的表述'); area.focus();
    });
    rmk.addEventListener('click', function(){
      var d = state.decisions[key];
      mode = 'remark'; form.hidden = false; area.value = (d && d.remark) || ''; area.placeholder = '备注（不写入审核意见；清空后确定即删除）'; area.setAttribute('aria-label', '备注'); area.focus();
    });
    ok.addEventListener('click', function(){
      var v = area.value.trim();
      if(mode === 'remark'){ send({key: key, action: 'remark', remark: v}); return; }
      if(!v){ err.textContent = mode === 'reject' ? '请写明不采纳的理由' : '修改后的表述不能为空'; return; }
      send(mode === 'reject' ? {key: key, action: 'reject', reason: v} : {key: key, action: 'edit', text: v});
    });
    show(note, key, state.decisions[key]);
  });
})();
