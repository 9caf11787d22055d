<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>{message}

Details are in the log file:
{log}</source>
        <translation>{message}

详细信息见日志文件：
{log}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your data is safe; the last action may not have finished.</source>
        <translation>程序遇到意外错误。数据是安全的，但最后一步操作可能没有完成。</translation>
    </message>
    <message>
        <source>The database {path} could not be opened: {error}</source>
        <translation>无法打开数据库 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>Filters</name>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Special group</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>管控状态</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Filter… (Ctrl+F)</source>
        <translation>筛选…（Ctrl+F）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>复制此行</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录详情</translation>
    </message>
</context>
<context>
    <name>Listing</name>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Clean since</source>
        <translation>起算日期</translation>
    </message>
    <message>
        <source>Earliest lowering</source>
        <translation>最早降级日期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>管控状态</translation>
    </message>
    <message>
        <source>Control since</source>
        <translation>管控开始</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Grid role</source>
        <translation>网格角色</translation>
    </message>
    <message>
        <source>Lives in</source>
        <translation>居住楼栋</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务人次</translation>
    </message>
    <message>
        <source>Reported for duty</source>
        <translation>报到日期</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Post kind</source>
        <translation>岗位类型</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>带班</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>在岗人数</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最少人数</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Escort</source>
        <translation>陪同志愿者</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>外出时间</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>应返时间</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回时间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>入库数量</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>From</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>入库日期</translation>
    </message>
    <message>
        <source>Sampled</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管码</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>混采</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Handed over by</source>
        <translation>交班人</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>接班人</translation>
    </message>
    <message>
        <source>Handed over at</source>
        <translation>交接时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录详情</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Create the first administrator</source>
        <translation>创建第一个管理员</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>This database has no operators yet. Create the administrator who will manage operators and settings.</source>
        <translation>这个数据库还没有操作员。请创建管理员，由管理员管理操作员和设置。</translation>
    </message>
    <message>
        <source>The passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community Office</source>
        <translation>社区防控办公室</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>Operator: {name} ({role})</source>
        <translation>操作员：{name}（{role}）</translation>
    </message>
    <message>
        <source>Shift: {name} {start}–{end}</source>
        <translation>当前班次：{name} {start}–{end}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>页面(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation>浅色主题</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About Community Office</source>
        <translation>关于社区防控办公室</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Community Office {version}&lt;/h3&gt;&lt;p&gt;Epidemic-control work of one community office: buildings and risk levels, residents, volunteers, the roster, the gate, supplies, test results and the shift handover.&lt;/p&gt;&lt;p&gt;Database: {db}&lt;br&gt;Log file: {log}&lt;br&gt;Qt {qt}, PySide6 {pyside}, Python {python}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区防控办公室 {version}&lt;/h3&gt;&lt;p&gt;一个社区办公室的疫情防控工作：楼栋与风险等级、居民、志愿者、排班、出入、物资、核酸结果和交接班。&lt;/p&gt;&lt;p&gt;数据库：{db}&lt;br&gt;日志文件：{log}&lt;br&gt;Qt {qt}，PySide6 {pyside}，Python {python}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Database check passed</source>
        <translation>数据库检查通过</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database check found problems:
{problems}

Stop entering data, and restore the newest good backup.</source>
        <translation>数据库检查发现问题：
{problems}

请停止录入，并恢复最近一份完好的备份。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>High-risk buildings</source>
        <translation>高风险楼栋</translation>
    </message>
    <message>
        <source>Medium-risk buildings</source>
        <translation>中风险楼栋</translation>
    </message>
    <message>
        <source>Residents in home isolation</source>
        <translation>居家隔离人数</translation>
    </message>
    <message>
        <source>Residents in health monitoring</source>
        <translation>居家健康监测人数</translation>
    </message>
    <message>
        <source>Positives in 24 hours</source>
        <translation>24 小时内阳性</translation>
    </message>
    <message>
        <source>Out and not back</source>
        <translation>外出未返</translation>
    </message>
    <message>
        <source>Overdue returns</source>
        <translation>逾期未返</translation>
    </message>
    <message>
        <source>Volunteers on duty</source>
        <translation>在岗志愿者</translation>
    </message>
    <message>
        <source>Risk proposals to decide</source>
        <translation>待确认的风险调整</translation>
    </message>
    <message>
        <source>Test results to review</source>
        <translation>待复核结果</translation>
    </message>
    <message>
        <source>Supplies expiring in 7 days</source>
        <translation>7 天内过期物资</translation>
    </message>
    <message>
        <source>High- and medium-risk buildings</source>
        <translation>高、中风险楼栋</translation>
    </message>
    <message>
        <source>{on} of {all} volunteers are on duty</source>
        <translation>{all} 名志愿者中 {on} 名在岗</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>出入</translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>核酸</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>A new language takes effect when the program starts again.</source>
        <translation>更换语言后，重新启动程序生效。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Subdistrict</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Clean days before lowering</source>
        <translation>降级所需无新增天数</translation>
    </message>
    <message>
        <source>Retention (days)</source>
        <translation>个人信息保留天数</translation>
    </message>
</context>
</TS>